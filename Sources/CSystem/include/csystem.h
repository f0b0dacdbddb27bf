#ifndef SOUS_CSYSTEM_H
#define SOUS_CSYSTEM_H
#include <spawn.h>
#include <stdio.h>

/* glibc's GNU extensions that Swift's Glibc module does not show without _GNU_SOURCE. */

/* The C library's standard output and error streams. Swift sees `stdout` and `stderr` as
   mutable globals, which strict concurrency checking refuses to read; these return them. */
static inline FILE *sous_standard_output(void) { return stdout; }
static inline FILE *sous_standard_error(void) { return stderr; }

/* pipe2(fds, O_CLOEXEC): both ends close on exec from the start, so no child started by
   another thread can inherit them. */
int sous_pipe_cloexec(int fds[2]);

/* posix_spawn_file_actions_addchdir_np: the child changes directory before exec. */
int sous_spawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path);

/* posix_spawn_file_actions_addclosefrom_np: the child closes every descriptor from `lowest`
   up, so nothing this process inherited (a parent's socketpair) outlives it in a daemon. */
int sous_spawn_add_closefrom(posix_spawn_file_actions_t *actions, int lowest);

/* closefrom(3): the same, in this process. */
void sous_closefrom(int lowest);

/* pivot_root(2), which glibc does not wrap: a local machine's init moves into its own root. */
int sous_pivot_root(const char *new_root, const char *put_old);

/* openat2(2) with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS: `path` is
   opened beneath `dirfd` and no symbolic link on the way is followed (ELOOP, or EXDEV for
   a path that leaves the folder). How the host touches a machine's files without a link
   the machine made sending it elsewhere. Returns a descriptor, or -1 with errno. */
int sous_open_beneath(int dirfd, const char *path, int flags, unsigned int mode);

/* The capability bounding set cut down to `keep` (a bit per capability), ambient
   capabilities cleared, and this process's own permitted and effective sets cut down to
   `own`: what a local machine's init does before it starts the machine's first process. */
int sous_limit_capabilities(unsigned long long keep, unsigned long long own);

/* The address of `symbol` in the first of `libraries` (sonames, NULL-terminated) that loads,
   loading it the first time. A library or symbol that cannot be found ends the process with
   a message naming it and `hint` (what to install): sous's C libraries are loaded when first
   used, not at every start. */
void *sous_lazy_symbol(const char *const *libraries, const char *symbol, const char *hint);

/* epoll for the load generator, without its packed struct (Swift imports it badly): a
   socket is watched edge-triggered for reading, writing and hang-up under a token, and a
   wait fills parallel arrays of tokens and event bits. */
enum { SOUS_EVENT_IN = 0x001, SOUS_EVENT_OUT = 0x004, SOUS_EVENT_ERR = 0x008, SOUS_EVENT_HUP = 0x010, SOUS_EVENT_RDHUP = 0x2000 };
int sous_epoll_create(void);
int sous_epoll_watch(int poller, int fd, unsigned int token);
int sous_epoll_forget(int poller, int fd);
int sous_epoll_wait(int poller, unsigned int *tokens, unsigned int *events, int capacity, long timeout_us);

#endif
