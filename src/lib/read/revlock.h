/* Revision locks: a commit must not discard a revision a search still reads.
 *
 * Xapian's glass backend keeps two revisions on disk: the last committed one
 * (N) and the one before (N-1). Writing revision N+1 reuses the blocks that
 * only N-1 still needs, so a reader still on N-1 fails with
 * DatabaseModifiedError and must start again. A search slower than two
 * commits of a busy indexer could start again forever.
 *
 * So readers and the writer of one index directory agree through byte-range
 * locks (Linux open file description locks) on the file DB/vanban.readers:
 * byte R stands for revision R. A search holds a shared lock on the byte of
 * the revision it reads; the writer, before it writes revision N+1, takes the
 * exclusive lock on byte N-1, waiting at most VB_REVLOCK_WAIT_MS for the
 * searches still reading N-1, and holds it until it has committed. A search
 * that finds its byte locked by the writer reopens the index at the newer
 * revision. A writer that waited long enough writes anyway: the slow search
 * then meets DatabaseModifiedError and starts again (or resumes, a stream),
 * as without the locks. Where the locks cannot be had (no such file, a read
 * only file system without it, a file system without OFD locks), everything
 * works as before, only without the guarantee.
 *
 * These functions work on file descriptors only; read/reopen.c (searches) and
 * write/writer.c (the writer) decide when. */
#ifndef VB_REVLOCK_H
#define VB_REVLOCK_H

#include <stdint.h>

#define VB_REVLOCK_FILE "vanban.readers"
/* How long a writer waits for the searches of the revision it would discard.
 * A search of the whole archive (×10 corpus, --all) takes a few seconds. */
#define VB_REVLOCK_WAIT_MS 5000

/* Open DIR/vanban.readers: for a writer, created if missing (read-write);
 * for a reader, read-only and only if it exists. Returns the descriptor
 * (close-on-exec) or -1. */
int vb_revlock_open(const char *dir, int writer);

/* A reader: a shared lock on revision REV's byte, without waiting.
 * 1: held; 0: the writer holds it (REV is being discarded); -1: locks do not
 * work here (errno says why). */
int vb_revlock_share(int fd, uint64_t rev);

/* A writer: the exclusive lock on revision REV's byte, waiting at most
 * MAX_MS for the readers that hold it. 1: held; 0: readers still hold it
 * after MAX_MS; -1: locks do not work here. */
int vb_revlock_exclude(int fd, uint64_t rev, unsigned max_ms);

/* Let go of revision REV's byte (either kind of lock). */
void vb_revlock_release(int fd, uint64_t rev);

#endif
