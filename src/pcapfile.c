/*
 * pcapfile.c — classic pcap captures, mapped whole or read from a stream (pcapfile.h).
 *
 * Reading a page-cached file through stdio and libpcap copies every byte twice (read()
 * into stdio's buffer, fread into libpcap's packet buffer), and reads all of it from
 * memory; mapping it copies nothing, and only the lines of each record that are looked
 * at (its header, the packet's headers, a handshake's payload) are read at all. What
 * mapping costs instead is page table work, about 100 ns a page: a pager thread does it
 * ahead of the reader (MADV_POPULATE_READ) and undoes it behind (MADV_DONTNEED), on
 * another core. The mapping is 2 MiB-aligned, so that a file the page cache holds in
 * 2 MiB folios is mapped with one entry for each. The next record's header and a line
 * 8 KiB ahead are prefetched, because the processor's own prefetcher stops at every
 * 4 KiB page boundary.
 */
#define _GNU_SOURCE /* MADV_POPULATE_READ */ // NOLINT(bugprone-reserved-identifier): a feature test macro
#include "pcapfile.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bounds.h"
#include "bytes.h"

#define FILE_HEADER 24
#define RECORD_HEADER 16
#define RECORD_HEADER_MODIFIED 24     /* + interface index, protocol, packet type, pad */

#define MAGIC_MICRO 0xA1B2C3D4u
#define MAGIC_NANO 0xA1B23C4Du
#define MAGIC_MODIFIED 0xA1B2CD34u

#define LINKTYPE_RAW 101             /* libpcap hands it on as DLT_RAW */
#define LINKTYPE_MASK 0x03FFFFFFu    /* the upper bits say whether frames end in an FCS */

/* The pager's step. Mapped pages count in the resident size: PAGER_LEAD + 2 windows are
 * part of the process's fixed memory, not of what grows with the capture. */
#define WINDOW_BYTES ((size_t)2 << 20)
/* How far ahead of the packet handed on its bytes are asked for. */
#define PREFETCH_AHEAD 8192

/* ---- cut files: SIGBUS on a mapped page past the file's new end ---- */

/* The files mapped now, by any reader (one per capture read at once). The handler
 * answers only for these: any other SIGBUS is a real fault and kills as it would. */
#define WINDOW_SLOTS 64
static _Atomic(uintptr_t) window_start[WINDOW_SLOTS];
static _Atomic(size_t) window_len[WINDOW_SLOTS];
/* The action before ours, put back for a fault that is not ours. */
static struct sigaction previous_action;
static uintptr_t page_bytes;     /* set before the handler is */
/* Pages replaced by the handler, ever: a reader that sees it move looks at its file. */
static atomic_uint cut_pages;

static void on_sigbus(int sig, siginfo_t *info, void *uctx)
{
	(void)uctx;
	uintptr_t addr = (uintptr_t)info->si_addr;
	for (size_t i = 0; i < WINDOW_SLOTS; i++) {
		uintptr_t start = atomic_load(&window_start[i]);
		size_t len = atomic_load(&window_len[i]);
		if (start != 0 && addr >= start && addr - start < len) {
			/* Zeros where the file is gone: the instruction is retried and reads them;
			 * the reader sees the file shorter than its mapping and reports it cut. */
			uintptr_t page = addr & ~(page_bytes - 1);
			void *m = mmap((void *)page, (size_t)page_bytes, PROT_READ,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
			if (m != MAP_FAILED) {
				atomic_fetch_add(&cut_pages, 1);
				return;
			}
			break;
		}
	}
	/* Not ours: the fault happens again and goes where it went before. */
	sigaction(sig, &previous_action, NULL);
}

/* Ours, unless it is already (whoever set another since, a test harness say, had
 * theirs first and gets it back for faults outside the windows). */
static void install_sigbus_handler(void)
{
	struct sigaction now;
	if (sigaction(SIGBUS, NULL, &now) == 0 && (now.sa_flags & SA_SIGINFO) && now.sa_sigaction == on_sigbus)
		return;
	page_bytes = (uintptr_t)sysconf(_SC_PAGESIZE);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &previous_action);
}

/* Claims a slot for one reader's mapping; -1 when all are taken (the reader then reads
 * through the stream). */
static int claim_slot(void)
{
	for (int i = 0; i < WINDOW_SLOTS; i++) {
		uintptr_t none = 0;
		if (atomic_compare_exchange_strong(&window_start[i], &none, (uintptr_t)1))
			return i;
	}
	return -1;
}

/* ---- the reader ---- */

/* The pages of a mapped file are put in the page tables PAGER_LEAD windows ahead of
 * the reader, and taken out of them two windows behind it, by a thread of the reader's
 * own: the reader meets no page fault and no page table work, and the file's pages count
 * in the resident size for PAGER_LEAD + 2 windows at most. The pager looks at where the
 * reader is on a timer rather than being woken: waking a thread on another core costs
 * the waker an interprocessor interrupt, which on a virtual machine is dear. */
#define PAGER_LEAD 2
#define PAGER_NAP_MIN_NS 200000L      /* 0.2 ms: a window takes the reader about 0.6 ms */
#define PAGER_NAP_MAX_NS 10000000L    /* 10 ms when the reader is slow or stopped */
struct pager {
	pthread_t thread;
	_Atomic(uint64_t) reader_window; /* the window the reader is in */
	atomic_bool stop;
	uint64_t populated;          /* windows below this are in the page tables */
	uint64_t dropped;            /* windows below this are out of them again */
	const uint8_t *map;
	uint64_t map_len;
};

struct pcapfile {
	FILE *fp;
	bool big_endian;
	bool nano;
	uint8_t lengths_swapped;     /* 0: never, 1: always (before 2.3), 2: when caplen > len (2.3) */
	size_t record_header;
	int linktype;
	uint32_t snaplen;
	enum pcapfile_next done;     /* PCAPFILE_END or PCAPFILE_ERROR once reached */
	uint64_t pos;                /* offset in the file of the next unread byte */
	/* Mapped reading (slot >= 0): the whole file, from its first byte. */
	int slot;
	int fd;
	uint64_t file_size;          /* as last looked at */
	const uint8_t *map;          /* NULL: nothing mapped yet */
	uint64_t map_len;            /* the file's size when mapped */
	uint64_t window;             /* the window the reader is in */
	struct pager *pager;         /* NULL: the reader's own faults fill the page tables */
	unsigned cut_pages_seen;     /* cut_pages when the file was last found whole */
	/* Stream reading: one record at a time. */
	uint8_t *buf;
	size_t buf_cap;
	char why[200];
};

/* Puts the pages of [off, off + len) of the mapping in the page tables. */
static void populate(const uint8_t *map, uint64_t off, uint64_t len)
{
	if (madvise((void *)(uintptr_t)(map + off), (size_t)len, MADV_POPULATE_READ) == 0 || errno != EINVAL)
		return;
	/* Kernels before 5.14: a read of each page faults it in (and its neighbours). */
	uint64_t page = page_bytes ? page_bytes : 4096;
	for (uint64_t at = 0; at < len; at += page)
		(void)*(const volatile uint8_t *)(map + off + at);
}

static void *pager_main(void *arg)
{
	struct pager *pg = arg;
	uint64_t n_windows = (pg->map_len + WINDOW_BYTES - 1) / WINDOW_BYTES;
	long nap = PAGER_NAP_MIN_NS;
	while (!atomic_load(&pg->stop)) {
		uint64_t w = atomic_load_explicit(&pg->reader_window, memory_order_relaxed);
		bool worked = false;
		if (pg->populated < w)
			pg->populated = w; /* the reader went ahead on its own faults */
		/* Ahead: up to PAGER_LEAD windows past the reader's. */
		while (pg->populated <= w + PAGER_LEAD && pg->populated < n_windows && !atomic_load(&pg->stop)) {
			uint64_t off = pg->populated * WINDOW_BYTES;
			uint64_t len = pg->map_len - off < WINDOW_BYTES ? pg->map_len - off : WINDOW_BYTES;
			populate(pg->map, off, len);
			pg->populated++;
			worked = true;
		}
		/* Behind: all but the window before the reader's, where a record handed out now
		 * may have begun. */
		uint64_t drop_to = w >= 1 ? w - 1 : 0;
		if (drop_to > pg->dropped) {
			uint64_t off = pg->dropped * WINDOW_BYTES;
			(void)madvise((void *)(uintptr_t)(pg->map + off), (size_t)((drop_to - pg->dropped) * WINDOW_BYTES),
				      MADV_DONTNEED);
			pg->dropped = drop_to;
			worked = true;
		}
		nap = worked ? PAGER_NAP_MIN_NS : (nap * 2 > PAGER_NAP_MAX_NS ? PAGER_NAP_MAX_NS : nap * 2);
		struct timespec ts = { 0, nap };
		nanosleep(&ts, NULL);
	}
	return NULL;
}

static void pager_stop(struct pcapfile *f)
{
	struct pager *pg = f->pager;
	if (pg == NULL)
		return;
	atomic_store(&pg->stop, true);
	pthread_join(pg->thread, NULL);
	free(pg);
	f->pager = NULL;
}

static void pager_start(struct pcapfile *f)
{
	struct pager *pg = calloc(1, sizeof *pg);
	if (pg == NULL)
		return;
	pg->map = f->map;
	pg->map_len = f->map_len;
	atomic_store(&pg->reader_window, f->window);
	atomic_store(&pg->stop, false);
	pg->populated = f->window;
	pg->dropped = f->window;
	/* The pager asks for no signal: they go to the threads that handle them. */
	sigset_t all, old;
	sigfillset(&all);
	sigdelset(&all, SIGBUS); /* a fault of its own must reach the handler */
	sigdelset(&all, SIGSEGV);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&pg->thread, NULL, pager_main, pg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		free(pg);
		return;
	}
	f->pager = pg;
}

/* The reader entered window w: the pager sees it at its next look. */
static void pager_follow(struct pcapfile *f, uint64_t w)
{
	f->window = w;
	if (f->pager != NULL)
		atomic_store_explicit(&f->pager->reader_window, w, memory_order_relaxed);
}

static void unmap_file(struct pcapfile *f)
{
	if (f->map == NULL)
		return;
	pager_stop(f);
	atomic_store(&window_len[f->slot], 0);
	atomic_store(&window_start[f->slot], (uintptr_t)1);
	munmap((void *)(uintptr_t)f->map, (size_t)f->map_len);
	f->map = NULL;
	f->map_len = 0;
}

/* Where the page cache holds a file in 2 MiB folios (ext4 and XFS do on recent
 * kernels), a mapping whose address is 2 MiB-aligned like the file offsets maps each
 * with one page table entry instead of 512: a 512th of the page table work and of the
 * TLB misses. The address is found by reserving 2 MiB more and mapping inside. */
#define HUGE_BYTES ((uint64_t)2 << 20)
static void *map_aligned(int fd, uint64_t len)
{
	void *area = mmap(NULL, (size_t)(len + HUGE_BYTES), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (area == MAP_FAILED)
		return mmap(NULL, (size_t)len, PROT_READ, MAP_PRIVATE, fd, 0);
	uintptr_t start = ((uintptr_t)area + HUGE_BYTES - 1) & ~(uintptr_t)(HUGE_BYTES - 1);
	void *m = mmap((void *)start, (size_t)len, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
	if (m == MAP_FAILED) {
		munmap(area, (size_t)(len + HUGE_BYTES));
		return MAP_FAILED;
	}
	/* The reserve around the mapping is given back. */
	if (start > (uintptr_t)area)
		munmap(area, start - (uintptr_t)area);
	uintptr_t end = start + (uintptr_t)len, area_end = (uintptr_t)area + (uintptr_t)(len + HUGE_BYTES);
	uintptr_t page = page_bytes ? page_bytes : 4096;
	end = (end + page - 1) & ~(page - 1);
	if (area_end > end)
		munmap((void *)end, area_end - end);
	return m;
}

/* Maps the whole file (file_size bytes), with a pager unless it is short. */
static bool map_file(struct pcapfile *f)
{
	bool grown = f->map != NULL;
	unmap_file(f);
	void *m = map_aligned(f->fd, f->file_size);
	if (m == MAP_FAILED) {
		snprintf(f->why, sizeof f->why, "the file could not be mapped: %s", strerror(errno));
		return false;
	}
	f->map = m;
	f->map_len = f->file_size;
	f->cut_pages_seen = atomic_load(&cut_pages);
	atomic_store(&window_len[f->slot], (size_t)f->map_len);
	atomic_store(&window_start[f->slot], (uintptr_t)m);
	(void)madvise(m, (size_t)f->map_len, MADV_SEQUENTIAL);
	f->window = f->pos / WINDOW_BYTES;
	/* A file that grew while it was read is being written: its reader follows the
	 * writer, faulting pages in as they come. */
	if (!grown && f->map_len > 2 * WINDOW_BYTES)
		pager_start(f);
	return true;
}

/* Whether the file is still as long as it was when mapped (else it was cut, and zeros
 * may have been read from where it was). */
static bool still_whole(struct pcapfile *f)
{
	struct stat sb;
	uint64_t now = fstat(f->fd, &sb) == 0 ? (uint64_t)sb.st_size : 0;
	if (now < f->map_len) {
		snprintf(f->why, sizeof f->why, "the file was cut short while it was read (now %llu bytes)",
			 (unsigned long long)now);
		return false;
	}
	return true;
}

/* take() on a stream: n bytes read into the record buffer. */
static const uint8_t *take_stream(struct pcapfile *f, size_t n, size_t *got)
{
	if (n > f->buf_cap) {
		size_t cap = f->buf_cap ? f->buf_cap : 4096;
		while (cap < n)
			cap *= 2;
		uint8_t *b = realloc(f->buf, cap);
		if (b == NULL) {
			snprintf(f->why, sizeof f->why, "out of memory");
			return NULL;
		}
		f->buf = b;
		f->buf_cap = cap;
	}
	*got = n > 0 ? fread(f->buf, 1, n, f->fp) : 0;
	f->pos += *got;
	if (*got < n && ferror(f->fp)) {
		snprintf(f->why, sizeof f->why, "read error: %s", errno != 0 ? strerror(errno) : "unknown");
		*got = 0;
	}
	return *got == n ? f->buf : NULL;
}

/* The file cannot be mapped (a file system without mmap, no address space left): it is
 * read as a stream from where the reader is. */
static const uint8_t *take_unmapped(struct pcapfile *f, size_t n, size_t *got)
{
	atomic_store(&window_start[f->slot], (uintptr_t)0);
	f->slot = -1;
	f->why[0] = '\0';
	if (fseeko(f->fp, (off_t)f->pos, SEEK_SET) != 0) {
		snprintf(f->why, sizeof f->why, "the file can be neither mapped nor read: %s", strerror(errno));
		return NULL;
	}
	return take_stream(f, n, got);
}

/*
 * The next n bytes of the file, consumed, as a view valid until the next call; NULL
 * when fewer are left (*got: how many there were) or on an error (f->why set, *got 0).
 */
static const uint8_t *take(struct pcapfile *f, size_t n, size_t *got)
{
	*got = 0;
	if (f->slot < 0)
		return take_stream(f, n, got);
	if (f->pos + n > f->map_len) {
		/* A file still being written may have grown since it was mapped. */
		struct stat sb;
		if (fstat(f->fd, &sb) == 0 && (uint64_t)sb.st_size > f->file_size)
			f->file_size = (uint64_t)sb.st_size;
		if (f->pos + n > f->file_size) {
			*got = (size_t)(f->file_size - f->pos);
			f->pos = f->file_size;
			return NULL;
		}
		if (f->map != NULL && !still_whole(f))
			return NULL;
		bool first = f->map == NULL;
		if (!map_file(f))
			return first ? take_unmapped(f, n, got) : NULL;
	}
	const uint8_t *p = f->map + f->pos;
	if (f->pos / WINDOW_BYTES != f->window)
		pager_follow(f, f->pos / WINDOW_BYTES);
	if (f->pos + PREFETCH_AHEAD < f->map_len)
		__builtin_prefetch(p + PREFETCH_AHEAD);
	f->pos += n;
	*got = n;
	return p;
}

/* Whether fp can be mapped: a regular file read from its descriptor (not a stream
 * made by the input stage), at a known offset. */
static bool mappable(FILE *fp, int *fd, uint64_t *size, uint64_t *at)
{
	*fd = fileno(fp);
	struct stat sb;
	if (*fd < 0 || fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		return false;
	long where = ftell(fp);
	if (where < 0 || (uint64_t)where > (uint64_t)sb.st_size)
		return false;
	*size = (uint64_t)sb.st_size;
	*at = (uint64_t)where;
	return true;
}

static struct pcapfile *refuse(struct pcapfile *f, enum pcapfile_refusal *refusal, enum pcapfile_refusal kind,
			       char *why, size_t why_len, const char *text)
{
	*refusal = kind;
	snprintf(why, why_len, "%s", text);
	pcapfile_close(f);
	return NULL;
}

struct pcapfile *pcapfile_open(FILE *fp, enum pcapfile_refusal *refusal, char *why, size_t why_len)
{
	struct pcapfile *f = calloc(1, sizeof *f);
	if (f == NULL) {
		*refusal = PCAPFILE_NO_MEMORY;
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	f->fp = fp;
	f->slot = -1;
	f->fd = -1;
	f->done = PCAPFILE_PACKET;
	if (mappable(fp, &f->fd, &f->file_size, &f->pos)) {
		install_sigbus_handler();
		f->slot = claim_slot();
		if (f->slot >= 0)
			(void)posix_fadvise(f->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	}
	size_t got;
	const uint8_t *head = take(f, FILE_HEADER, &got);
	if (head == NULL) {
		if (f->why[0] != '\0')
			return refuse(f, refusal, PCAPFILE_BAD_HEADER, why, why_len, f->why);
		/* Fewer than 4 bytes cannot say what they are. */
		if (got < 4)
			return refuse(f, refusal, PCAPFILE_NOT_PCAP, why, why_len, "not a pcap capture");
		return refuse(f, refusal, PCAPFILE_SHORT_HEADER, why, why_len,
			      "truncated capture: the file header is incomplete");
	}
	struct reader rd;
	rd_init(&rd, head, FILE_HEADER, 0);
	uint32_t magic_be, magic_le;
	if (!rd_peek_u32(&rd, 0, &magic_be) || !rd_peek_u32le(&rd, 0, &magic_le))
		return refuse(f, refusal, PCAPFILE_BAD_HEADER, why, why_len, "unreadable header"); /* cannot happen */
	uint32_t magic;
	if (magic_be == MAGIC_MICRO || magic_be == MAGIC_NANO || magic_be == MAGIC_MODIFIED) {
		f->big_endian = true;
		magic = magic_be;
	} else if (magic_le == MAGIC_MICRO || magic_le == MAGIC_NANO || magic_le == MAGIC_MODIFIED) {
		magic = magic_le;
	} else {
		return refuse(f, refusal, PCAPFILE_NOT_PCAP, why, why_len, "not a pcap capture (unknown file format)");
	}
	f->nano = magic == MAGIC_NANO;
	f->record_header = magic == MAGIC_MODIFIED ? RECORD_HEADER_MODIFIED : RECORD_HEADER;
	/* Magic, version, then the time zone and accuracy fields no writer fills in. */
	bool be = f->big_endian;
	uint16_t major, minor;
	uint32_t linktype;
	if (!rd_skip(&rd, 4) || !rd_u16_in(&rd, be, &major) || !rd_u16_in(&rd, be, &minor) || !rd_skip(&rd, 8) ||
	    !rd_u32_in(&rd, be, &f->snaplen) || !rd_u32_in(&rd, be, &linktype))
		return refuse(f, refusal, PCAPFILE_BAD_HEADER, why, why_len, "unreadable header"); /* cannot happen */
	if (major != 2) {
		char text[80];
		snprintf(text, sizeof text, "pcap version %u.%u cannot be read (only 2.x)", major, minor);
		return refuse(f, refusal, PCAPFILE_BAD_HEADER, why, why_len, text);
	}
	/* Files of version 2.2 and before had caplen and len the other way round; 2.3
	 * files were written both ways (libpcap's rule: caplen is never above len). */
	f->lengths_swapped = minor < 3 ? 1 : minor == 3 ? 2 : 0;
	linktype &= LINKTYPE_MASK;
	f->linktype = linktype == LINKTYPE_RAW ? DLT_RAW : (int)linktype;
	return f;
}

/* Reading stops; f->why (set by the caller, or earlier by take) says why. */
static enum pcapfile_next stop(struct pcapfile *f)
{
	if (f->why[0] == '\0')
		snprintf(f->why, sizeof f->why, "read error");
	f->done = PCAPFILE_ERROR;
	return PCAPFILE_ERROR;
}

enum pcapfile_next pcapfile_next(struct pcapfile *f, struct pcapfile_packet *pkt)
{
	if (f->done != PCAPFILE_PACKET)
		return f->done;
	size_t got;
	const uint8_t *head = take(f, f->record_header, &got);
	if (head == NULL) {
		if (f->why[0] != '\0')
			return stop(f);
		if (got == 0) {
			if (f->slot >= 0 && f->map != NULL && !still_whole(f))
				return stop(f);
			f->done = PCAPFILE_END;
			return PCAPFILE_END;
		}
		snprintf(f->why, sizeof f->why,
			 "truncated capture: the file ends inside the record header (%zu of its %zu bytes)", got,
			 f->record_header);
		return stop(f);
	}
	struct reader rd;
	rd_init(&rd, head, f->record_header, 0);
	uint32_t sec, frac, caplen, len;
	bool be = f->big_endian;
	if (!rd_u32_in(&rd, be, &sec) || !rd_u32_in(&rd, be, &frac) || !rd_u32_in(&rd, be, &caplen) ||
	    !rd_u32_in(&rd, be, &len))
		return stop(f); /* cannot happen: the header is whole */
	/* A page of some mapped file was cut away since: if it was this file's, the zeros
	 * read in its place are not the capture. */
	if (f->slot >= 0 && atomic_load_explicit(&cut_pages, memory_order_relaxed) != f->cut_pages_seen) {
		if (!still_whole(f))
			return stop(f);
		f->cut_pages_seen = atomic_load(&cut_pages);
	}
	if (f->lengths_swapped == 1 || (f->lengths_swapped == 2 && caplen > len)) {
		uint32_t t = caplen;
		caplen = len;
		len = t;
	}
	if (caplen > BOUND_SNAPLEN) {
		snprintf(f->why, sizeof f->why,
			 "captured length %lu is larger than any snap length (%d): a damaged record",
			 (unsigned long)caplen, BOUND_SNAPLEN);
		return stop(f);
	}
	const uint8_t *data = take(f, caplen, &got);
	if (data == NULL) {
		if (f->why[0] == '\0')
			snprintf(f->why, sizeof f->why,
				 "truncated capture: the file ends inside the record (%zu of its %lu captured bytes)", got,
				 (unsigned long)caplen);
		return stop(f);
	}
	/* Kept to the microsecond, as libpcap hands nanosecond files on at that precision. */
	uint32_t usec = f->nano ? frac / 1000u : frac;
	/* The next record's header and its packet's first bytes: fetched from memory while
	 * this packet is analysed, not when the next one is asked for. */
	if (f->map != NULL && f->pos + 128 <= f->map_len) {
		const uint8_t *next = f->map + f->pos;
		__builtin_prefetch(next);
		__builtin_prefetch(next + 64);
	}
	pkt->ts = (double)sec + (double)usec / 1e6;
	pkt->data = data;
	pkt->caplen = caplen;
	pkt->wirelen = len;
	return PCAPFILE_PACKET;
}

const char *pcapfile_error(const struct pcapfile *f)
{
	return f->done == PCAPFILE_ERROR ? f->why : NULL;
}

int pcapfile_linktype(const struct pcapfile *f)
{
	return f->linktype;
}

uint32_t pcapfile_snaplen(const struct pcapfile *f)
{
	return f->snaplen;
}

bool pcapfile_mapped(const struct pcapfile *f)
{
	return f->slot >= 0;
}

void pcapfile_close(struct pcapfile *f)
{
	if (f == NULL)
		return;
	if (f->slot >= 0) {
		unmap_file(f);
		atomic_store(&window_start[f->slot], (uintptr_t)0);
	}
	free(f->buf);
	free(f);
}
