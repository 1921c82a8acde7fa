/* Power-cut journal: an LD_PRELOAD library that records, for files under one folder, every change
 * a process makes to file data and to folder entries, and every fsync, so that the test can
 * rebuild what a disk would hold after a power cut at the moment the process was killed
 * (tests/powercut/model.py). It changes nothing: each call goes to libc first, then is recorded.
 *
 * Python's os and io modules and SQLite's unix VFS both call these libc functions through the
 * dynamic linker, so both are seen. The model checks that it saw everything: after every run it
 * rebuilds the files as they are (all changes kept) and compares them with the real folder.
 *
 * The cut: the parent sends SIGUSR2. Each recorded call runs with that signal blocked and under
 * one lock, from before libc is called until its record is written, and the handler takes the
 * lock before it SIGKILLs the process: so the process always dies between two recorded calls,
 * and the journal holds exactly what was done (a call in flight counts as done: a cut just before
 * it is an equally random moment).
 *
 * Environment: POWERCUT_ROOT (absolute real path of the folder), POWERCUT_JOURNAL (file to append
 * to). Records are text headers, one per call, written with one write(2) on an O_APPEND file so
 * that a SIGKILL leaves at most the last record cut short:
 *   C ino path          a file was created           M ino path     a folder was created
 *   W ino offset n      n data bytes follow           T ino length   truncated
 *   S ino               fsync or fdatasync (file or folder)
 *   R old new           renamed                       E a b          exchanged (RENAME_EXCHANGE)
 *   L old new           hard link                     U path         unlinked   D path  rmdir
 *   A                   sync() or syncfs(): everything is durable
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static char root[PATH_MAX];
static size_t root_len;
static dev_t root_dev;
static int journal = -1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static sigset_t cut_signal;

static void cut(int sig) {
    (void)sig;
    pthread_mutex_lock(&lock);  /* wait for a recorded call in another thread to finish */
    kill(getpid(), SIGKILL);
}

static void enter(sigset_t *old) {
    pthread_sigmask(SIG_BLOCK, &cut_signal, old);
    pthread_mutex_lock(&lock);
}

static void leave(sigset_t *old) {
    pthread_mutex_unlock(&lock);
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* Run ``body`` (the libc call and its record) as one step if ``rel`` (it concerns the root). */
#define GUARDED(rel, body) do { sigset_t old_; int g_ = (rel); if (g_) enter(&old_); body; \
    if (g_) leave(&old_); } while (0)

#define REAL(name) static __typeof__(name) *real_##name; \
    if (!real_##name) real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

__attribute__((constructor)) static void start(void) {
    const char *r = getenv("POWERCUT_ROOT"), *j = getenv("POWERCUT_JOURNAL");
    struct stat st;
    if (!r || !j || strlen(r) >= sizeof root || stat(r, &st) != 0) return;
    strcpy(root, r);
    root_len = strlen(root);
    root_dev = st.st_dev;
    journal = (int)syscall(SYS_openat, AT_FDCWD, j, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    sigemptyset(&cut_signal);
    sigaddset(&cut_signal, SIGUSR2);
    struct sigaction sa = {0};
    sa.sa_handler = cut;
    sigfillset(&sa.sa_mask);
    sigaction(SIGUSR2, &sa, NULL);
}

static void emit(const char *header, const void *data, size_t n) {
    size_t h = strlen(header);
    char *buf = malloc(h + n);
    if (!buf) abort();
    memcpy(buf, header, h);
    if (n) memcpy(buf + h, data, n);
    size_t done = 0;
    while (done < h + n) {
        ssize_t w = syscall(SYS_write, journal, buf + done, h + n - done);
        if (w <= 0) abort();  /* a journal that silently lost a record would make the test lie */
        done += (size_t)w;
    }
    free(buf);
}

/* The absolute path of (dirfd, path), or 0 if it is not under the root. */
static int resolve(int dirfd, const char *path, char *out) {
    if (journal < 0 || !path) return 0;
    char base[PATH_MAX];
    if (path[0] == '/') {
        snprintf(out, PATH_MAX, "%s", path);
    } else {
        if (dirfd == AT_FDCWD) {
            if (!getcwd(base, sizeof base)) return 0;
        } else {
            char link[64];
            snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
            ssize_t n = readlink(link, base, sizeof base - 1);
            if (n < 0) return 0;
            base[n] = 0;
        }
        snprintf(out, PATH_MAX, "%s/%s", base, path);
    }
    return strncmp(out, root, root_len) == 0 && (out[root_len] == '/' || out[root_len] == 0);
}

/* The inode of an fd if it is a file or folder on the root's device (else 0). */
static ino_t fd_ino(int fd, int *is_dir) {
    struct stat st;
    if (journal < 0 || fstat(fd, &st) != 0 || st.st_dev != root_dev) return 0;
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return 0;
    if (is_dir) *is_dir = S_ISDIR(st.st_mode);
    return st.st_ino;
}

static void log_write(int fd, off_t offset, const void *data, size_t n) {
    ino_t ino = fd_ino(fd, NULL);
    if (!ino || n == 0) return;
    char h[96];
    snprintf(h, sizeof h, "W %lu %lld %zu\n", (unsigned long)ino, (long long)offset, n);
    emit(h, data, n);
}

/* Data that the kernel copied (sendfile, copy_file_range): read it back from the file. */
static void log_copied(int fd, off_t offset, size_t n) {
    if (!fd_ino(fd, NULL) || n == 0) return;
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    int rd = (int)syscall(SYS_openat, AT_FDCWD, link, O_RDONLY | O_CLOEXEC);
    if (rd < 0) abort();
    char *buf = malloc(n);
    ssize_t got = pread(rd, buf, n, offset);
    close(rd);
    if (got != (ssize_t)n) abort();
    log_write(fd, offset, buf, n);
    free(buf);
}

static void log_path(char op, ino_t ino, const char *abs) {
    char h[PATH_MAX + 64];
    if (ino) snprintf(h, sizeof h, "%c %lu %s\n", op, (unsigned long)ino, abs);
    else snprintf(h, sizeof h, "%c %s\n", op, abs);
    emit(h, NULL, 0);
}

static void log_two(char op, const char *a, const char *b) {
    char h[2 * PATH_MAX + 8];
    snprintf(h, sizeof h, "%c %s\t%s\n", op, a, b);
    emit(h, NULL, 0);
}

static int rel_fd(int fd) { return journal >= 0 && fd_ino(fd, NULL) != 0; }
static int rel_path(int dirfd, const char *path) { char abs[PATH_MAX]; return resolve(dirfd, path, abs); }

/* ---- open ---------------------------------------------------------------------------------- */
static void opened(int dirfd, const char *path, int flags, int fd, int existed) {
    char abs[PATH_MAX];
    if (fd < 0 || !resolve(dirfd, path, abs)) return;
    ino_t ino = fd_ino(fd, NULL);
    if (!ino) return;
    if ((flags & O_CREAT) && !existed) log_path('C', ino, abs);
    else if ((flags & O_TRUNC) && (flags & O_ACCMODE) != O_RDONLY) {
        char h[64];
        snprintf(h, sizeof h, "T %lu 0\n", (unsigned long)ino);
        emit(h, NULL, 0);
    }
}

static int exists_at(int dirfd, const char *path) {
    struct stat st;
    return fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

#define OPEN_BODY(realcall, dirfd) \
    mode_t mode = 0; int fd; \
    if (flags & (O_CREAT | __O_TMPFILE)) { va_list ap; va_start(ap, flags); mode = va_arg(ap, mode_t); va_end(ap); } \
    GUARDED((flags & (O_CREAT | O_TRUNC)) && rel_path(dirfd, path), { \
        int existed = (flags & O_CREAT) ? exists_at(dirfd, path) : 1; \
        fd = realcall; \
        int saved = errno; opened(dirfd, path, flags, fd, existed); errno = saved; }); \
    return fd;

int open(const char *path, int flags, ...) { REAL(open); OPEN_BODY(real_open(path, flags, mode), AT_FDCWD) }
int open64(const char *path, int flags, ...) { REAL(open64); OPEN_BODY(real_open64(path, flags, mode), AT_FDCWD) }
int openat(int d, const char *path, int flags, ...) { REAL(openat); OPEN_BODY(real_openat(d, path, flags, mode), d) }
int openat64(int d, const char *path, int flags, ...) { REAL(openat64); OPEN_BODY(real_openat64(d, path, flags, mode), d) }
int creat(const char *path, mode_t m) { return open(path, O_CREAT | O_WRONLY | O_TRUNC, m); }
int creat64(const char *path, mode_t m) { return open(path, O_CREAT | O_WRONLY | O_TRUNC, m); }
int __open_2(const char *path, int flags) { return open(path, flags); }
int __open64_2(const char *path, int flags) { return open(path, flags); }
int __openat_2(int d, const char *path, int flags) { return openat(d, path, flags); }
int __openat64_2(int d, const char *path, int flags) { return openat(d, path, flags); }

/* ---- data ---------------------------------------------------------------------------------- */
ssize_t write(int fd, const void *buf, size_t n) {
    REAL(write);
    ssize_t w;
    GUARDED(rel_fd(fd), {
        w = real_write(fd, buf, n);
        int saved = errno;
        if (w > 0) log_write(fd, lseek(fd, 0, SEEK_CUR) - w, buf, (size_t)w);
        errno = saved; });
    return w;
}

#define PWRITE(name, offt) \
ssize_t name(int fd, const void *buf, size_t n, offt off) { \
    REAL(name); ssize_t w; \
    GUARDED(rel_fd(fd), { w = real_##name(fd, buf, n, off); int saved = errno; \
        if (w > 0) { log_write(fd, off, buf, (size_t)w); } \
        errno = saved; }); \
    return w; }
PWRITE(pwrite, off_t)
PWRITE(pwrite64, off64_t)

static void log_iov(int fd, off_t off, const struct iovec *iov, int cnt, ssize_t w) {
    for (int i = 0; i < cnt && w > 0; i++) {
        size_t n = iov[i].iov_len < (size_t)w ? iov[i].iov_len : (size_t)w;
        log_write(fd, off, iov[i].iov_base, n);
        off += n;
        w -= n;
    }
}

ssize_t writev(int fd, const struct iovec *iov, int cnt) {
    REAL(writev);
    ssize_t w;
    GUARDED(rel_fd(fd), {
        w = real_writev(fd, iov, cnt);
        int saved = errno;
        if (w > 0) log_iov(fd, lseek(fd, 0, SEEK_CUR) - w, iov, cnt, w);
        errno = saved; });
    return w;
}

#define PWRITEV(name, offt) \
ssize_t name(int fd, const struct iovec *iov, int cnt, offt off) { \
    REAL(name); ssize_t w; \
    GUARDED(rel_fd(fd), { w = real_##name(fd, iov, cnt, off); int saved = errno; \
        if (w > 0) { log_iov(fd, off, iov, cnt, w); } \
        errno = saved; }); \
    return w; }
PWRITEV(pwritev, off_t)
PWRITEV(pwritev64, off64_t)

ssize_t sendfile(int out, int in, off_t *off, size_t n) {
    REAL(sendfile);
    ssize_t w;
    GUARDED(rel_fd(out), {
        w = real_sendfile(out, in, off, n);
        int saved = errno;
        if (w > 0) log_copied(out, lseek(out, 0, SEEK_CUR) - w, (size_t)w);
        errno = saved; });
    return w;
}

ssize_t sendfile64(int out, int in, off64_t *off, size_t n) { return sendfile(out, in, (off_t *)off, n); }

ssize_t copy_file_range(int in, off64_t *in_off, int out, off64_t *out_off, size_t n, unsigned int flags) {
    REAL(copy_file_range);
    ssize_t w;
    GUARDED(rel_fd(out), {
        off64_t start = out_off ? *out_off : -1;
        w = real_copy_file_range(in, in_off, out, out_off, n, flags);
        int saved = errno;
        if (w > 0) log_copied(out, start >= 0 ? start : lseek(out, 0, SEEK_CUR) - w, (size_t)w);
        errno = saved; });
    return w;
}

static void log_truncate(int fd, off_t len) {
    ino_t ino = fd_ino(fd, NULL);
    if (!ino) return;
    char h[64];
    snprintf(h, sizeof h, "T %lu %lld\n", (unsigned long)ino, (long long)len);
    emit(h, NULL, 0);
}

#define FTRUNCATE(name, offt) \
int name(int fd, offt len) { \
    REAL(name); int r; \
    GUARDED(rel_fd(fd), { r = real_##name(fd, len); int saved = errno; \
        if (r == 0) { log_truncate(fd, len); } \
        errno = saved; }); \
    return r; }
FTRUNCATE(ftruncate, off_t)
FTRUNCATE(ftruncate64, off64_t)

int truncate(const char *path, off_t len) {
    REAL(truncate);
    int r;
    GUARDED(rel_path(AT_FDCWD, path), {
        r = real_truncate(path, len);
        int saved = errno;
        if (r == 0) {
            int fd = (int)syscall(SYS_openat, AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
            if (fd >= 0) { log_truncate(fd, len); close(fd); }
        }
        errno = saved; });
    return r;
}

/* ---- durability ---------------------------------------------------------------------------- */
static void log_sync(int fd) {
    ino_t ino = fd_ino(fd, NULL);
    if (!ino) return;
    char h[64];
    snprintf(h, sizeof h, "S %lu\n", (unsigned long)ino);
    emit(h, NULL, 0);
}

#define FSYNC(name) \
int name(int fd) { \
    REAL(name); int r; \
    GUARDED(rel_fd(fd), { r = real_##name(fd); int saved = errno; \
        if (r == 0) { log_sync(fd); } \
        errno = saved; }); \
    return r; }
FSYNC(fsync)
FSYNC(fdatasync)

void sync(void) { REAL(sync); GUARDED(journal >= 0, { real_sync(); emit("A\n", NULL, 0); }); }
int syncfs(int fd) {
    REAL(syncfs);
    int r;
    GUARDED(journal >= 0, { r = real_syncfs(fd); int saved = errno; if (r == 0) emit("A\n", NULL, 0); errno = saved; });
    return r;
}

/* ---- names --------------------------------------------------------------------------------- */
static void named(char op, int dirfd, const char *path, int r) {
    char abs[PATH_MAX];
    if (r != 0 || !resolve(dirfd, path, abs)) return;
    ino_t ino = 0;
    if (op == 'M') {
        struct stat st;
        if (fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) != 0) abort();
        ino = st.st_ino;
    }
    log_path(op, ino, abs);
}

static void moved(char op, int da, const char *a, int db, const char *b, int r) {
    char absa[PATH_MAX], absb[PATH_MAX];
    if (r != 0) return;
    int ina = resolve(da, a, absa), inb = resolve(db, b, absb);
    if (ina && inb) log_two(op, absa, absb);
    else if (ina || inb) abort();  /* a move across the root's edge is not modelled: fail loudly */
}

#define NAMED(decl, fn, args, op, dirfd, path) \
int decl { REAL(fn); int r; \
    GUARDED(rel_path(dirfd, path), { r = real_##fn args; int saved = errno; named(op, dirfd, path, r); errno = saved; }); \
    return r; }

NAMED(mkdir(const char *p, mode_t m), mkdir, (p, m), 'M', AT_FDCWD, p)
NAMED(mkdirat(int d, const char *p, mode_t m), mkdirat, (d, p, m), 'M', d, p)
NAMED(unlink(const char *p), unlink, (p), 'U', AT_FDCWD, p)
NAMED(rmdir(const char *p), rmdir, (p), 'D', AT_FDCWD, p)
NAMED(unlinkat(int d, const char *p, int f), unlinkat, (d, p, f), (f & AT_REMOVEDIR) ? 'D' : 'U', d, p)

#define MOVED(decl, fn, args, op, da, a, db, b) \
int decl { REAL(fn); int r; \
    GUARDED(rel_path(da, a) || rel_path(db, b), { r = real_##fn args; int saved = errno; \
        moved(op, da, a, db, b, r); errno = saved; }); \
    return r; }

MOVED(rename(const char *a, const char *b), rename, (a, b), 'R', AT_FDCWD, a, AT_FDCWD, b)
MOVED(renameat(int da, const char *a, int db, const char *b), renameat, (da, a, db, b), 'R', da, a, db, b)
MOVED(renameat2(int da, const char *a, int db, const char *b, unsigned int f), renameat2, (da, a, db, b, f),
      (f & RENAME_EXCHANGE) ? 'E' : 'R', da, a, db, b)
MOVED(link(const char *a, const char *b), link, (a, b), 'L', AT_FDCWD, a, AT_FDCWD, b)
MOVED(linkat(int da, const char *a, int db, const char *b, int f), linkat, (da, a, db, b, f), 'L', da, a, db, b)
