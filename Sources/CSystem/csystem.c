#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include "csystem.h"

int sous_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

int sous_spawn_add_closefrom(posix_spawn_file_actions_t *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}

void sous_closefrom(int lowest) {
    closefrom(lowest);
}

int sous_spawn_add_chdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

#include <sys/syscall.h>

int sous_pivot_root(const char *new_root, const char *put_old) {
    return (int)syscall(SYS_pivot_root, new_root, put_old);
}

#include <errno.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

int sous_open_beneath(int dirfd, const char *path, int flags, unsigned int mode) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = (unsigned long long)(flags | O_CLOEXEC);
    how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    long fd;
    do {
        fd = syscall(SYS_openat2, dirfd, path, &how, sizeof how);
    } while (fd < 0 && errno == EAGAIN);
    return (int)fd;
}

static int last_capability(void) {
    int last = CAP_LAST_CAP;
    FILE *file = fopen("/proc/sys/kernel/cap_last_cap", "re");
    if (file) {
        if (fscanf(file, "%d", &last) != 1) last = CAP_LAST_CAP;
        fclose(file);
    }
    return last;
}

int sous_limit_capabilities(unsigned long long keep, unsigned long long own) {
    int last = last_capability();
    for (int cap = 0; cap <= last && cap < 64; cap++) {
        if (keep & (1ULL << cap)) continue;
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL) return -1;
    }
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) return -1;
    struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    if (syscall(SYS_capget, &header, data) != 0) return -1;
    for (int half = 0; half < 2; half++) {
        unsigned int mask = (unsigned int)(own >> (32 * half));
        data[half].effective &= mask;
        data[half].permitted &= mask;
        data[half].inheritable = 0;
    }
    return (int)syscall(SYS_capset, &header, data);
}

#include <dlfcn.h>
#include <stdlib.h>

void *sous_lazy_symbol(const char *const *libraries, const char *symbol, const char *hint) {
    const char *error = "not found";
    for (const char *const *library = libraries; *library; library++) {
        void *handle = dlopen(*library, RTLD_NOW | RTLD_GLOBAL);
        if (!handle) {
            error = dlerror();
            continue;
        }
        void *address = dlsym(handle, symbol);
        if (address) return address;
        error = dlerror();
    }
    fprintf(stderr, "sous: cannot load %s from %s (%s); install %s\n", symbol, libraries[0], error ? error : "unknown", hint);
    exit(127);
}

#include <sys/epoll.h>

int sous_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int sous_epoll_watch(int poller, int fd, unsigned int token) {
    struct epoll_event event = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET };
    event.data.u32 = token;
    return epoll_ctl(poller, EPOLL_CTL_ADD, fd, &event);
}

int sous_epoll_forget(int poller, int fd) { return epoll_ctl(poller, EPOLL_CTL_DEL, fd, NULL); }

int sous_epoll_wait(int poller, unsigned int *tokens, unsigned int *events, int capacity, long timeout_us) {
    struct epoll_event ready[256];
    if (capacity > 256) capacity = 256;
    /* epoll_pwait2 waits to the microsecond (a constant-rate load's next request may be due
       in 300 us); kernels before 5.11 round up to the millisecond. */
    struct timespec timeout = { .tv_sec = timeout_us / 1000000, .tv_nsec = (timeout_us % 1000000) * 1000 };
    int count = epoll_pwait2(poller, ready, capacity, timeout_us < 0 ? NULL : &timeout, NULL);
    if (count < 0 && errno == ENOSYS) count = epoll_wait(poller, ready, capacity, timeout_us < 0 ? -1 : (int)((timeout_us + 999) / 1000));
    for (int index = 0; index < count; index++) {
        tokens[index] = ready[index].data.u32;
        events[index] = ready[index].events;
    }
    return count;
}
