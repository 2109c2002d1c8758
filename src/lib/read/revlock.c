/* Revision locks between the searches and the writer of an index: see revlock.h. */
#define _GNU_SOURCE 1 /* F_OFD_SETLK */
#include "read/revlock.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int vb_revlock_open(const char *dir, int writer)
{
    char p[PATH_MAX];
    int n = snprintf(p, sizeof p, "%s/%s", dir, VB_REVLOCK_FILE);
    if (n < 0 || (size_t)n >= sizeof p) return -1;
    /* O_NONBLOCK: a FIFO planted under that name must not hang us */
    int flags = (writer ? O_RDWR | O_CREAT : O_RDONLY) | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
    return open(p, flags, 0644);
}

/* One byte per revision; offsets stay far below off_t's limit. OFD locks
 * (not POSIX process locks): two handles of one process exclude each other,
 * and closing any other descriptor of the file does not drop them. */
static int setlk(int fd, short type, uint64_t rev)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = type;
    fl.l_whence = SEEK_SET;
    fl.l_start = (off_t)(rev & ((UINT64_C(1) << 62) - 1));
    fl.l_len = 1;
    if (fcntl(fd, F_OFD_SETLK, &fl) == 0) return 1;
    return (errno == EAGAIN || errno == EACCES) ? 0 : -1;
}

int vb_revlock_share(int fd, uint64_t rev)
{
    if (fd < 0) return -1;
    return setlk(fd, F_RDLCK, rev);
}

int vb_revlock_exclude(int fd, uint64_t rev, unsigned max_ms)
{
    if (fd < 0) return -1;
    /* no timed wait for fcntl locks: poll, 1 ms at first, up to 16 ms */
    unsigned waited = 0, step = 1;
    for (;;) {
        int r = setlk(fd, F_WRLCK, rev);
        if (r != 0 || waited >= max_ms) return r;
        nanosleep(&(struct timespec){ 0, (long)step * 1000000L }, NULL);
        waited += step;
        if (step < 16) step *= 2;
    }
}

void vb_revlock_release(int fd, uint64_t rev)
{
    if (fd >= 0) (void)setlk(fd, F_UNLCK, rev);
}
