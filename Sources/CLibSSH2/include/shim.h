#include <libssh2.h>
#include <string.h>
#include <libssh2_sftp.h>

/* libssh2's convenience calls are macros, and its key-type masks are expressions: Swift can
   import neither, so they are restated here as inline functions and constants. */

static const int sous_knownhost_key_rsa = LIBSSH2_KNOWNHOST_KEY_SSHRSA;
static const int sous_knownhost_key_ecdsa_256 = LIBSSH2_KNOWNHOST_KEY_ECDSA_256;
static const int sous_knownhost_key_ecdsa_384 = LIBSSH2_KNOWNHOST_KEY_ECDSA_384;
static const int sous_knownhost_key_ecdsa_521 = LIBSSH2_KNOWNHOST_KEY_ECDSA_521;
static const int sous_knownhost_key_ed25519 = LIBSSH2_KNOWNHOST_KEY_ED25519;
static const int sous_knownhost_plain_raw = LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW;

static inline LIBSSH2_SESSION *sous_ssh_session_new(void) {
    return libssh2_session_init_ex(NULL, NULL, NULL, NULL);
}

static inline LIBSSH2_CHANNEL *sous_ssh_channel_open_session(LIBSSH2_SESSION *session) {
    return libssh2_channel_open_session(session);
}

static inline int sous_ssh_channel_exec(LIBSSH2_CHANNEL *channel, const char *command) {
    return libssh2_channel_exec(channel, command);
}

static inline ssize_t sous_ssh_channel_read(LIBSSH2_CHANNEL *channel, int stream, char *buffer, size_t size) {
    return libssh2_channel_read_ex(channel, stream, buffer, size);
}

static inline LIBSSH2_SFTP_HANDLE *sous_sftp_open(LIBSSH2_SFTP *sftp, const char *path, unsigned long flags, long mode) {
    return libssh2_sftp_open(sftp, path, flags, mode);
}

static inline int sous_sftp_close(LIBSSH2_SFTP_HANDLE *handle) {
    return libssh2_sftp_close(handle);
}

static inline int sous_sftp_unlink(LIBSSH2_SFTP *sftp, const char *path) {
    return libssh2_sftp_unlink(sftp, path);
}

static inline int sous_ssh_userauth_publickey_fromfile(LIBSSH2_SESSION *session, const char *user, const char *private_key,
                                                       const char *passphrase) {
    return libssh2_userauth_publickey_fromfile(session, user, NULL, private_key, passphrase);
}

static inline int sous_ssh_userauth_publickey_frommemory(LIBSSH2_SESSION *session, const char *user, const char *private_key,
                                                         size_t length, const char *passphrase) {
    return libssh2_userauth_publickey_frommemory(session, user, strlen(user), NULL, 0, private_key, length, passphrase);
}

static inline int sous_ssh_userauth_password(LIBSSH2_SESSION *session, const char *user, const char *password) {
    return libssh2_userauth_password(session, user, password);
}

static inline int sous_sftp_fsetstat(LIBSSH2_SFTP_HANDLE *handle, LIBSSH2_SFTP_ATTRIBUTES *attributes) {
    return libssh2_sftp_fsetstat(handle, attributes);
}

static inline int sous_sftp_stat(LIBSSH2_SFTP *sftp, const char *path, LIBSSH2_SFTP_ATTRIBUTES *attributes) {
    return libssh2_sftp_stat(sftp, path, attributes);
}

static inline int sous_sftp_mkdir(LIBSSH2_SFTP *sftp, const char *path, long mode) {
    return libssh2_sftp_mkdir(sftp, path, mode);
}

static inline ssize_t sous_ssh_channel_write(LIBSSH2_CHANNEL *channel, const char *buffer, size_t size) {
    return libssh2_channel_write_ex(channel, 0, buffer, size);
}
