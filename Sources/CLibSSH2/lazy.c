/* Generated: the functions sous calls in this library, each resolved from the library the
   first time it is called (dlopen), so that a run that never needs it never loads it.
   Signatures as the library's own headers declare them. */
#include <stdarg.h>
#include "shim.h"
#include "csystem.h"

static const char *const library[] = {"libssh2.so.1", "libssh2.so", 0};
static const char *const hint = "libssh2 (apt-get install libssh2-1)";

static __typeof__(libssh2_agent_connect) *real_libssh2_agent_connect;
int libssh2_agent_connect(LIBSSH2_AGENT *agent) {
    if (!real_libssh2_agent_connect) real_libssh2_agent_connect = sous_lazy_symbol(library, "libssh2_agent_connect", hint);
    return real_libssh2_agent_connect(agent);
}

static __typeof__(libssh2_agent_disconnect) *real_libssh2_agent_disconnect;
int libssh2_agent_disconnect(LIBSSH2_AGENT *agent) {
    if (!real_libssh2_agent_disconnect) real_libssh2_agent_disconnect = sous_lazy_symbol(library, "libssh2_agent_disconnect", hint);
    return real_libssh2_agent_disconnect(agent);
}

static __typeof__(libssh2_agent_free) *real_libssh2_agent_free;
void libssh2_agent_free(LIBSSH2_AGENT *agent) {
    if (!real_libssh2_agent_free) real_libssh2_agent_free = sous_lazy_symbol(library, "libssh2_agent_free", hint);
    real_libssh2_agent_free(agent);
}

static __typeof__(libssh2_agent_get_identity) *real_libssh2_agent_get_identity;
int libssh2_agent_get_identity(LIBSSH2_AGENT *agent, struct libssh2_agent_publickey **store, struct libssh2_agent_publickey *prev) {
    if (!real_libssh2_agent_get_identity) real_libssh2_agent_get_identity = sous_lazy_symbol(library, "libssh2_agent_get_identity", hint);
    return real_libssh2_agent_get_identity(agent, store, prev);
}

static __typeof__(libssh2_agent_init) *real_libssh2_agent_init;
LIBSSH2_AGENT * libssh2_agent_init(LIBSSH2_SESSION *session) {
    if (!real_libssh2_agent_init) real_libssh2_agent_init = sous_lazy_symbol(library, "libssh2_agent_init", hint);
    return real_libssh2_agent_init(session);
}

static __typeof__(libssh2_agent_list_identities) *real_libssh2_agent_list_identities;
int libssh2_agent_list_identities(LIBSSH2_AGENT *agent) {
    if (!real_libssh2_agent_list_identities) real_libssh2_agent_list_identities = sous_lazy_symbol(library, "libssh2_agent_list_identities", hint);
    return real_libssh2_agent_list_identities(agent);
}

static __typeof__(libssh2_agent_set_identity_path) *real_libssh2_agent_set_identity_path;
void libssh2_agent_set_identity_path(LIBSSH2_AGENT *agent, const char *path) {
    if (!real_libssh2_agent_set_identity_path) real_libssh2_agent_set_identity_path = sous_lazy_symbol(library, "libssh2_agent_set_identity_path", hint);
    real_libssh2_agent_set_identity_path(agent, path);
}

static __typeof__(libssh2_agent_userauth) *real_libssh2_agent_userauth;
int libssh2_agent_userauth(LIBSSH2_AGENT *agent, const char *username, struct libssh2_agent_publickey *identity) {
    if (!real_libssh2_agent_userauth) real_libssh2_agent_userauth = sous_lazy_symbol(library, "libssh2_agent_userauth", hint);
    return real_libssh2_agent_userauth(agent, username, identity);
}

static __typeof__(libssh2_channel_close) *real_libssh2_channel_close;
int libssh2_channel_close(LIBSSH2_CHANNEL *channel) {
    if (!real_libssh2_channel_close) real_libssh2_channel_close = sous_lazy_symbol(library, "libssh2_channel_close", hint);
    return real_libssh2_channel_close(channel);
}

static __typeof__(libssh2_channel_eof) *real_libssh2_channel_eof;
int libssh2_channel_eof(LIBSSH2_CHANNEL *channel) {
    if (!real_libssh2_channel_eof) real_libssh2_channel_eof = sous_lazy_symbol(library, "libssh2_channel_eof", hint);
    return real_libssh2_channel_eof(channel);
}

static __typeof__(libssh2_channel_forward_accept) *real_libssh2_channel_forward_accept;
LIBSSH2_CHANNEL * libssh2_channel_forward_accept(LIBSSH2_LISTENER *listener) {
    if (!real_libssh2_channel_forward_accept) real_libssh2_channel_forward_accept = sous_lazy_symbol(library, "libssh2_channel_forward_accept", hint);
    return real_libssh2_channel_forward_accept(listener);
}

static __typeof__(libssh2_channel_forward_listen_ex) *real_libssh2_channel_forward_listen_ex;
LIBSSH2_LISTENER * libssh2_channel_forward_listen_ex(LIBSSH2_SESSION *session, const char *host, int port, int *bound_port, int queue_maxsize) {
    if (!real_libssh2_channel_forward_listen_ex) real_libssh2_channel_forward_listen_ex = sous_lazy_symbol(library, "libssh2_channel_forward_listen_ex", hint);
    return real_libssh2_channel_forward_listen_ex(session, host, port, bound_port, queue_maxsize);
}

static __typeof__(libssh2_channel_free) *real_libssh2_channel_free;
int libssh2_channel_free(LIBSSH2_CHANNEL *channel) {
    if (!real_libssh2_channel_free) real_libssh2_channel_free = sous_lazy_symbol(library, "libssh2_channel_free", hint);
    return real_libssh2_channel_free(channel);
}

static __typeof__(libssh2_channel_get_exit_signal) *real_libssh2_channel_get_exit_signal;
int libssh2_channel_get_exit_signal(LIBSSH2_CHANNEL* channel, char **exitsignal, size_t *exitsignal_len, char **errmsg, size_t *errmsg_len, char **langtag, size_t *langtag_len) {
    if (!real_libssh2_channel_get_exit_signal) real_libssh2_channel_get_exit_signal = sous_lazy_symbol(library, "libssh2_channel_get_exit_signal", hint);
    return real_libssh2_channel_get_exit_signal(channel, exitsignal, exitsignal_len, errmsg, errmsg_len, langtag, langtag_len);
}

static __typeof__(libssh2_channel_get_exit_status) *real_libssh2_channel_get_exit_status;
int libssh2_channel_get_exit_status(LIBSSH2_CHANNEL* channel) {
    if (!real_libssh2_channel_get_exit_status) real_libssh2_channel_get_exit_status = sous_lazy_symbol(library, "libssh2_channel_get_exit_status", hint);
    return real_libssh2_channel_get_exit_status(channel);
}

static __typeof__(libssh2_channel_open_ex) *real_libssh2_channel_open_ex;
LIBSSH2_CHANNEL * libssh2_channel_open_ex(LIBSSH2_SESSION *session, const char *channel_type, unsigned int channel_type_len, unsigned int window_size, unsigned int packet_size, const char *message, unsigned int message_len) {
    if (!real_libssh2_channel_open_ex) real_libssh2_channel_open_ex = sous_lazy_symbol(library, "libssh2_channel_open_ex", hint);
    return real_libssh2_channel_open_ex(session, channel_type, channel_type_len, window_size, packet_size, message, message_len);
}

static __typeof__(libssh2_channel_process_startup) *real_libssh2_channel_process_startup;
int libssh2_channel_process_startup(LIBSSH2_CHANNEL *channel, const char *request, unsigned int request_len, const char *message, unsigned int message_len) {
    if (!real_libssh2_channel_process_startup) real_libssh2_channel_process_startup = sous_lazy_symbol(library, "libssh2_channel_process_startup", hint);
    return real_libssh2_channel_process_startup(channel, request, request_len, message, message_len);
}

static __typeof__(libssh2_channel_read_ex) *real_libssh2_channel_read_ex;
ssize_t libssh2_channel_read_ex(LIBSSH2_CHANNEL *channel, int stream_id, char *buf, size_t buflen) {
    if (!real_libssh2_channel_read_ex) real_libssh2_channel_read_ex = sous_lazy_symbol(library, "libssh2_channel_read_ex", hint);
    return real_libssh2_channel_read_ex(channel, stream_id, buf, buflen);
}

static __typeof__(libssh2_channel_send_eof) *real_libssh2_channel_send_eof;
int libssh2_channel_send_eof(LIBSSH2_CHANNEL *channel) {
    if (!real_libssh2_channel_send_eof) real_libssh2_channel_send_eof = sous_lazy_symbol(library, "libssh2_channel_send_eof", hint);
    return real_libssh2_channel_send_eof(channel);
}

static __typeof__(libssh2_channel_wait_closed) *real_libssh2_channel_wait_closed;
int libssh2_channel_wait_closed(LIBSSH2_CHANNEL *channel) {
    if (!real_libssh2_channel_wait_closed) real_libssh2_channel_wait_closed = sous_lazy_symbol(library, "libssh2_channel_wait_closed", hint);
    return real_libssh2_channel_wait_closed(channel);
}

static __typeof__(libssh2_channel_write_ex) *real_libssh2_channel_write_ex;
ssize_t libssh2_channel_write_ex(LIBSSH2_CHANNEL *channel, int stream_id, const char *buf, size_t buflen) {
    if (!real_libssh2_channel_write_ex) real_libssh2_channel_write_ex = sous_lazy_symbol(library, "libssh2_channel_write_ex", hint);
    return real_libssh2_channel_write_ex(channel, stream_id, buf, buflen);
}

static __typeof__(libssh2_init) *real_libssh2_init;
int libssh2_init(int flags) {
    if (!real_libssh2_init) real_libssh2_init = sous_lazy_symbol(library, "libssh2_init", hint);
    return real_libssh2_init(flags);
}

static __typeof__(libssh2_keepalive_config) *real_libssh2_keepalive_config;
void libssh2_keepalive_config(LIBSSH2_SESSION *session, int want_reply, unsigned interval) {
    if (!real_libssh2_keepalive_config) real_libssh2_keepalive_config = sous_lazy_symbol(library, "libssh2_keepalive_config", hint);
    real_libssh2_keepalive_config(session, want_reply, interval);
}

static __typeof__(libssh2_knownhost_addc) *real_libssh2_knownhost_addc;
int libssh2_knownhost_addc(LIBSSH2_KNOWNHOSTS *hosts, const char *host, const char *salt, const char *key, size_t keylen, const char *comment, size_t commentlen, int typemask, struct libssh2_knownhost **store) {
    if (!real_libssh2_knownhost_addc) real_libssh2_knownhost_addc = sous_lazy_symbol(library, "libssh2_knownhost_addc", hint);
    return real_libssh2_knownhost_addc(hosts, host, salt, key, keylen, comment, commentlen, typemask, store);
}

static __typeof__(libssh2_knownhost_checkp) *real_libssh2_knownhost_checkp;
int libssh2_knownhost_checkp(LIBSSH2_KNOWNHOSTS *hosts, const char *host, int port, const char *key, size_t keylen, int typemask, struct libssh2_knownhost **knownhost) {
    if (!real_libssh2_knownhost_checkp) real_libssh2_knownhost_checkp = sous_lazy_symbol(library, "libssh2_knownhost_checkp", hint);
    return real_libssh2_knownhost_checkp(hosts, host, port, key, keylen, typemask, knownhost);
}

static __typeof__(libssh2_knownhost_free) *real_libssh2_knownhost_free;
void libssh2_knownhost_free(LIBSSH2_KNOWNHOSTS *hosts) {
    if (!real_libssh2_knownhost_free) real_libssh2_knownhost_free = sous_lazy_symbol(library, "libssh2_knownhost_free", hint);
    real_libssh2_knownhost_free(hosts);
}

static __typeof__(libssh2_knownhost_init) *real_libssh2_knownhost_init;
LIBSSH2_KNOWNHOSTS * libssh2_knownhost_init(LIBSSH2_SESSION *session) {
    if (!real_libssh2_knownhost_init) real_libssh2_knownhost_init = sous_lazy_symbol(library, "libssh2_knownhost_init", hint);
    return real_libssh2_knownhost_init(session);
}

static __typeof__(libssh2_knownhost_readfile) *real_libssh2_knownhost_readfile;
int libssh2_knownhost_readfile(LIBSSH2_KNOWNHOSTS *hosts, const char *filename, int type) {
    if (!real_libssh2_knownhost_readfile) real_libssh2_knownhost_readfile = sous_lazy_symbol(library, "libssh2_knownhost_readfile", hint);
    return real_libssh2_knownhost_readfile(hosts, filename, type);
}

static __typeof__(libssh2_knownhost_writefile) *real_libssh2_knownhost_writefile;
int libssh2_knownhost_writefile(LIBSSH2_KNOWNHOSTS *hosts, const char *filename, int type) {
    if (!real_libssh2_knownhost_writefile) real_libssh2_knownhost_writefile = sous_lazy_symbol(library, "libssh2_knownhost_writefile", hint);
    return real_libssh2_knownhost_writefile(hosts, filename, type);
}

static __typeof__(libssh2_session_block_directions) *real_libssh2_session_block_directions;
int libssh2_session_block_directions(LIBSSH2_SESSION *session) {
    if (!real_libssh2_session_block_directions) real_libssh2_session_block_directions = sous_lazy_symbol(library, "libssh2_session_block_directions", hint);
    return real_libssh2_session_block_directions(session);
}

static __typeof__(libssh2_session_disconnect_ex) *real_libssh2_session_disconnect_ex;
int libssh2_session_disconnect_ex(LIBSSH2_SESSION *session, int reason, const char *description, const char *lang) {
    if (!real_libssh2_session_disconnect_ex) real_libssh2_session_disconnect_ex = sous_lazy_symbol(library, "libssh2_session_disconnect_ex", hint);
    return real_libssh2_session_disconnect_ex(session, reason, description, lang);
}

static __typeof__(libssh2_session_free) *real_libssh2_session_free;
int libssh2_session_free(LIBSSH2_SESSION *session) {
    if (!real_libssh2_session_free) real_libssh2_session_free = sous_lazy_symbol(library, "libssh2_session_free", hint);
    return real_libssh2_session_free(session);
}

static __typeof__(libssh2_session_handshake) *real_libssh2_session_handshake;
int libssh2_session_handshake(LIBSSH2_SESSION *session, libssh2_socket_t sock) {
    if (!real_libssh2_session_handshake) real_libssh2_session_handshake = sous_lazy_symbol(library, "libssh2_session_handshake", hint);
    return real_libssh2_session_handshake(session, sock);
}

static __typeof__(libssh2_session_hostkey) *real_libssh2_session_hostkey;
const char * libssh2_session_hostkey(LIBSSH2_SESSION *session, size_t *len, int *type) {
    if (!real_libssh2_session_hostkey) real_libssh2_session_hostkey = sous_lazy_symbol(library, "libssh2_session_hostkey", hint);
    return real_libssh2_session_hostkey(session, len, type);
}

static __typeof__(libssh2_session_init_ex) *real_libssh2_session_init_ex;
LIBSSH2_SESSION * libssh2_session_init_ex(void *(*my_alloc)(size_t count, void **abstract), void (*my_free)(void *ptr, void **abstract), void *(*my_realloc)(void *ptr, size_t count, void **abstract), void *abstract) {
    if (!real_libssh2_session_init_ex) real_libssh2_session_init_ex = sous_lazy_symbol(library, "libssh2_session_init_ex", hint);
    return real_libssh2_session_init_ex(my_alloc, my_free, my_realloc, abstract);
}

static __typeof__(libssh2_session_last_error) *real_libssh2_session_last_error;
int libssh2_session_last_error(LIBSSH2_SESSION *session, char **errmsg, int *errmsg_len, int want_buf) {
    if (!real_libssh2_session_last_error) real_libssh2_session_last_error = sous_lazy_symbol(library, "libssh2_session_last_error", hint);
    return real_libssh2_session_last_error(session, errmsg, errmsg_len, want_buf);
}

static __typeof__(libssh2_session_set_blocking) *real_libssh2_session_set_blocking;
void libssh2_session_set_blocking(LIBSSH2_SESSION* session, int blocking) {
    if (!real_libssh2_session_set_blocking) real_libssh2_session_set_blocking = sous_lazy_symbol(library, "libssh2_session_set_blocking", hint);
    real_libssh2_session_set_blocking(session, blocking);
}

static __typeof__(libssh2_session_set_timeout) *real_libssh2_session_set_timeout;
void libssh2_session_set_timeout(LIBSSH2_SESSION* session, long timeout) {
    if (!real_libssh2_session_set_timeout) real_libssh2_session_set_timeout = sous_lazy_symbol(library, "libssh2_session_set_timeout", hint);
    real_libssh2_session_set_timeout(session, timeout);
}

static __typeof__(libssh2_sftp_close_handle) *real_libssh2_sftp_close_handle;
int libssh2_sftp_close_handle(LIBSSH2_SFTP_HANDLE *handle) {
    if (!real_libssh2_sftp_close_handle) real_libssh2_sftp_close_handle = sous_lazy_symbol(library, "libssh2_sftp_close_handle", hint);
    return real_libssh2_sftp_close_handle(handle);
}

static __typeof__(libssh2_sftp_fstat_ex) *real_libssh2_sftp_fstat_ex;
int libssh2_sftp_fstat_ex(LIBSSH2_SFTP_HANDLE *handle, LIBSSH2_SFTP_ATTRIBUTES *attrs, int setstat) {
    if (!real_libssh2_sftp_fstat_ex) real_libssh2_sftp_fstat_ex = sous_lazy_symbol(library, "libssh2_sftp_fstat_ex", hint);
    return real_libssh2_sftp_fstat_ex(handle, attrs, setstat);
}

static __typeof__(libssh2_sftp_init) *real_libssh2_sftp_init;
LIBSSH2_SFTP * libssh2_sftp_init(LIBSSH2_SESSION *session) {
    if (!real_libssh2_sftp_init) real_libssh2_sftp_init = sous_lazy_symbol(library, "libssh2_sftp_init", hint);
    return real_libssh2_sftp_init(session);
}

static __typeof__(libssh2_sftp_last_error) *real_libssh2_sftp_last_error;
unsigned long libssh2_sftp_last_error(LIBSSH2_SFTP *sftp) {
    if (!real_libssh2_sftp_last_error) real_libssh2_sftp_last_error = sous_lazy_symbol(library, "libssh2_sftp_last_error", hint);
    return real_libssh2_sftp_last_error(sftp);
}

static __typeof__(libssh2_sftp_mkdir_ex) *real_libssh2_sftp_mkdir_ex;
int libssh2_sftp_mkdir_ex(LIBSSH2_SFTP *sftp, const char *path, unsigned int path_len, long mode) {
    if (!real_libssh2_sftp_mkdir_ex) real_libssh2_sftp_mkdir_ex = sous_lazy_symbol(library, "libssh2_sftp_mkdir_ex", hint);
    return real_libssh2_sftp_mkdir_ex(sftp, path, path_len, mode);
}

static __typeof__(libssh2_sftp_open_ex) *real_libssh2_sftp_open_ex;
LIBSSH2_SFTP_HANDLE * libssh2_sftp_open_ex(LIBSSH2_SFTP *sftp, const char *filename, unsigned int filename_len, unsigned long flags, long mode, int open_type) {
    if (!real_libssh2_sftp_open_ex) real_libssh2_sftp_open_ex = sous_lazy_symbol(library, "libssh2_sftp_open_ex", hint);
    return real_libssh2_sftp_open_ex(sftp, filename, filename_len, flags, mode, open_type);
}

static __typeof__(libssh2_sftp_read) *real_libssh2_sftp_read;
ssize_t libssh2_sftp_read(LIBSSH2_SFTP_HANDLE *handle, char *buffer, size_t buffer_maxlen) {
    if (!real_libssh2_sftp_read) real_libssh2_sftp_read = sous_lazy_symbol(library, "libssh2_sftp_read", hint);
    return real_libssh2_sftp_read(handle, buffer, buffer_maxlen);
}

static __typeof__(libssh2_sftp_shutdown) *real_libssh2_sftp_shutdown;
int libssh2_sftp_shutdown(LIBSSH2_SFTP *sftp) {
    if (!real_libssh2_sftp_shutdown) real_libssh2_sftp_shutdown = sous_lazy_symbol(library, "libssh2_sftp_shutdown", hint);
    return real_libssh2_sftp_shutdown(sftp);
}

static __typeof__(libssh2_sftp_stat_ex) *real_libssh2_sftp_stat_ex;
int libssh2_sftp_stat_ex(LIBSSH2_SFTP *sftp, const char *path, unsigned int path_len, int stat_type, LIBSSH2_SFTP_ATTRIBUTES *attrs) {
    if (!real_libssh2_sftp_stat_ex) real_libssh2_sftp_stat_ex = sous_lazy_symbol(library, "libssh2_sftp_stat_ex", hint);
    return real_libssh2_sftp_stat_ex(sftp, path, path_len, stat_type, attrs);
}

static __typeof__(libssh2_sftp_unlink_ex) *real_libssh2_sftp_unlink_ex;
int libssh2_sftp_unlink_ex(LIBSSH2_SFTP *sftp, const char *filename, unsigned int filename_len) {
    if (!real_libssh2_sftp_unlink_ex) real_libssh2_sftp_unlink_ex = sous_lazy_symbol(library, "libssh2_sftp_unlink_ex", hint);
    return real_libssh2_sftp_unlink_ex(sftp, filename, filename_len);
}

static __typeof__(libssh2_sftp_write) *real_libssh2_sftp_write;
ssize_t libssh2_sftp_write(LIBSSH2_SFTP_HANDLE *handle, const char *buffer, size_t count) {
    if (!real_libssh2_sftp_write) real_libssh2_sftp_write = sous_lazy_symbol(library, "libssh2_sftp_write", hint);
    return real_libssh2_sftp_write(handle, buffer, count);
}

static __typeof__(libssh2_userauth_list) *real_libssh2_userauth_list;
char * libssh2_userauth_list(LIBSSH2_SESSION *session, const char *username, unsigned int username_len) {
    if (!real_libssh2_userauth_list) real_libssh2_userauth_list = sous_lazy_symbol(library, "libssh2_userauth_list", hint);
    return real_libssh2_userauth_list(session, username, username_len);
}

static __typeof__(libssh2_userauth_password_ex) *real_libssh2_userauth_password_ex;
int libssh2_userauth_password_ex(LIBSSH2_SESSION *session, const char *username, unsigned int username_len, const char *password, unsigned int password_len, void (*passwd_change_cb)(LIBSSH2_SESSION *session, char **newpw, int *newpw_len, void **abstract)) {
    if (!real_libssh2_userauth_password_ex) real_libssh2_userauth_password_ex = sous_lazy_symbol(library, "libssh2_userauth_password_ex", hint);
    return real_libssh2_userauth_password_ex(session, username, username_len, password, password_len, passwd_change_cb);
}

static __typeof__(libssh2_userauth_publickey_fromfile_ex) *real_libssh2_userauth_publickey_fromfile_ex;
int libssh2_userauth_publickey_fromfile_ex(LIBSSH2_SESSION *session, const char *username, unsigned int username_len, const char *publickey, const char *privatekey, const char *passphrase) {
    if (!real_libssh2_userauth_publickey_fromfile_ex) real_libssh2_userauth_publickey_fromfile_ex = sous_lazy_symbol(library, "libssh2_userauth_publickey_fromfile_ex", hint);
    return real_libssh2_userauth_publickey_fromfile_ex(session, username, username_len, publickey, privatekey, passphrase);
}

static __typeof__(libssh2_userauth_publickey_frommemory) *real_libssh2_userauth_publickey_frommemory;
int libssh2_userauth_publickey_frommemory(LIBSSH2_SESSION *session, const char *username, size_t username_len, const char *publickeyfiledata, size_t publickeyfiledata_len, const char *privatekeyfiledata, size_t privatekeyfiledata_len, const char *passphrase) {
    if (!real_libssh2_userauth_publickey_frommemory) real_libssh2_userauth_publickey_frommemory = sous_lazy_symbol(library, "libssh2_userauth_publickey_frommemory", hint);
    return real_libssh2_userauth_publickey_frommemory(session, username, username_len, publickeyfiledata, publickeyfiledata_len, privatekeyfiledata, privatekeyfiledata_len, passphrase);
}

static __typeof__(libssh2_version) *real_libssh2_version;
const char * libssh2_version(int req_version_num) {
    if (!real_libssh2_version) real_libssh2_version = sous_lazy_symbol(library, "libssh2_version", hint);
    return real_libssh2_version(req_version_num);
}
