/*
 * test_pcapfile.c — unit tests of the classic pcap reader (include/pcapfile.h), read
 * both ways: mapped (a regular file) and as a stream (a memory stream standing for
 * standard input or a decompressed member), which must give the same packets.
 *
 * The pcap bytes are built here: microsecond and nanosecond files in either byte order,
 * the "modified" format's 24-byte record headers, lengths the other way round in files
 * of version 2.2, LINKTYPE_RAW and FCS bits in the link type field. Hostile files: every
 * prefix of a good file (the packets before the cut come out, then an error unless the
 * cut is at a record boundary), a captured length of 2 GB, a version that is not 2.x.
 * Mapped reading: records across window boundaries, a file that grows while it is
 * read, a file cut short while it is mapped (SIGBUS), which must be reported, not
 * crash, and a file that cannot be mapped, read as a stream.
 */
#define _GNU_SOURCE /* fmemopen */ // NOLINT(bugprone-reserved-identifier): a feature test macro
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "pcapfile.h"

struct file {
	uint8_t *p;
	size_t len, cap;
	bool big_endian;
	size_t starts[64];       /* where each record starts, for the first 64 */
	size_t n_records;
};

static void put(struct file *f, const void *data, size_t n)
{
	if (f->len + n > f->cap) {
		f->cap = (f->len + n) * 2;
		f->p = realloc(f->p, f->cap);
		assert_non_null(f->p);
	}
	memcpy(f->p + f->len, data, n);
	f->len += n;
}

static void put32(struct file *f, uint32_t v)
{
	uint8_t b[4];
	for (int i = 0; i < 4; i++)
		b[i] = (uint8_t)(f->big_endian ? v >> (24 - 8 * i) : v >> (8 * i));
	put(f, b, 4);
}

static void put16(struct file *f, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(f->big_endian ? v >> 8 : v), (uint8_t)(f->big_endian ? v : v >> 8) };
	put(f, b, 2);
}

static void header(struct file *f, uint32_t magic, uint16_t major, uint16_t minor, uint32_t linktype)
{
	put32(f, magic);
	put16(f, major);
	put16(f, minor);
	put32(f, 0);
	put32(f, 0);
	put32(f, 65535);
	put32(f, linktype);
}

/* A record of caplen bytes (byte i is (seed + i) & 0xFF); extra: the modified format's
 * 8 bytes more; swapped: caplen and len the other way round. */
static void record(struct file *f, uint32_t sec, uint32_t frac, uint32_t caplen, uint32_t wirelen, uint8_t seed,
		   bool extra, bool swapped)
{
	if (f->n_records < 64)
		f->starts[f->n_records] = f->len;
	f->n_records++;
	put32(f, sec);
	put32(f, frac);
	put32(f, swapped ? wirelen : caplen);
	put32(f, swapped ? caplen : wirelen);
	if (extra) {
		put32(f, 7);
		put16(f, 0x0800);
		put16(f, 0);
	}
	for (uint32_t i = 0; i < caplen; i++) {
		uint8_t b = (uint8_t)(seed + i);
		put(f, &b, 1);
	}
}

/* The bytes as a regular file (mapped), rewound. */
static FILE *as_file(const struct file *f)
{
	FILE *fp = tmpfile();
	assert_non_null(fp);
	assert_int_equal(fwrite(f->p, 1, f->len, fp), f->len);
	assert_int_equal(fflush(fp), 0);
	rewind(fp);
	return fp;
}

/* The bytes as a stream that has no descriptor (read with fread). */
static FILE *as_stream(const struct file *f)
{
	FILE *fp = fmemopen(f->p, f->len, "rb");
	assert_non_null(fp);
	return fp;
}

struct seen {
	size_t packets;
	double ts[8];
	size_t caplen[8], wirelen[8];
	uint8_t first[8];
	uint64_t sum;            /* of all bytes of all packets */
	enum pcapfile_next last;
	char why[200];
};

static void read_all(FILE *fp, bool want_mapped, struct seen *s, int *linktype)
{
	memset(s, 0, sizeof *s);
	enum pcapfile_refusal refusal;
	char why[200];
	struct pcapfile *r = pcapfile_open(fp, &refusal, why, sizeof why);
	assert_non_null(r);
	assert_int_equal(pcapfile_mapped(r), want_mapped);
	if (linktype != NULL)
		*linktype = pcapfile_linktype(r);
	struct pcapfile_packet pkt;
	while ((s->last = pcapfile_next(r, &pkt)) == PCAPFILE_PACKET) {
		if (s->packets < 8) {
			s->ts[s->packets] = pkt.ts;
			s->caplen[s->packets] = pkt.caplen;
			s->wirelen[s->packets] = pkt.wirelen;
			s->first[s->packets] = pkt.caplen > 0 ? pkt.data[0] : 0;
		}
		for (size_t i = 0; i < pkt.caplen; i++)
			s->sum += pkt.data[i];
		s->packets++;
	}
	if (s->last == PCAPFILE_ERROR)
		snprintf(s->why, sizeof s->why, "%s", pcapfile_error(r));
	assert_int_equal(pcapfile_next(r, &pkt), s->last); /* the same again */
	pcapfile_close(r);
	fclose(fp);
}

/* Both ways of reading give the same packets and the same end. */
static void read_both(const struct file *f, struct seen *s, int *linktype)
{
	struct seen streamed;
	read_all(as_file(f), true, s, linktype);
	read_all(as_stream(f), false, &streamed, NULL);
	assert_int_equal(s->packets, streamed.packets);
	assert_int_equal(s->last, streamed.last);
	assert_true(s->sum == streamed.sum);
	assert_string_equal(s->why, streamed.why);
	for (size_t i = 0; i < s->packets && i < 8; i++) {
		assert_true(s->ts[i] == streamed.ts[i]);
		assert_int_equal(s->caplen[i], streamed.caplen[i]);
		assert_int_equal(s->wirelen[i], streamed.wirelen[i]);
	}
}

static void test_formats(void **state)
{
	(void)state;
	static const struct {
		uint32_t magic;
		bool big_endian, nano, extra;
	} kinds[] = {
		{ 0xA1B2C3D4u, false, false, false },
		{ 0xA1B2C3D4u, true, false, false },
		{ 0xA1B23C4Du, false, true, false },
		{ 0xA1B23C4Du, true, true, false },
		{ 0xA1B2CD34u, false, false, true },
	};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		struct file f = { .big_endian = kinds[k].big_endian };
		header(&f, kinds[k].magic, 2, 4, 1);
		uint32_t frac = kinds[k].nano ? 123456789u : 123456u;
		record(&f, 1700000000u, frac, 60, 60, 1, kinds[k].extra, false);
		record(&f, 1700000001u, 0, 0, 1514, 0, kinds[k].extra, false);
		record(&f, 1700000002u, 999999u, 1514, 1514, 9, kinds[k].extra, false);
		struct seen s;
		int linktype;
		read_both(&f, &s, &linktype);
		assert_int_equal(s.last, PCAPFILE_END);
		assert_int_equal(linktype, 1);
		assert_int_equal(s.packets, 3);
		/* Microseconds, truncated from nanoseconds as libpcap does. */
		assert_true(s.ts[0] == 1700000000.0 + 123456 / 1e6);
		assert_int_equal(s.caplen[0], 60);
		assert_int_equal(s.first[0], 1);
		assert_int_equal(s.caplen[1], 0);
		assert_int_equal(s.wirelen[1], 1514);
		assert_int_equal(s.first[2], 9);
		free(f.p);
	}
}

static void test_link_types_and_versions(void **state)
{
	(void)state;
	/* LINKTYPE_RAW is libpcap's DLT_RAW; the FCS bits are not part of the type. */
	struct file f = { 0 };
	header(&f, 0xA1B2C3D4u, 2, 4, 101);
	record(&f, 1, 0, 20, 20, 0x45, false, false);
	struct seen s;
	int linktype;
	read_both(&f, &s, &linktype);
	assert_int_equal(linktype, DLT_RAW);
	free(f.p);

	struct file fcs = { 0 };
	header(&fcs, 0xA1B2C3D4u, 2, 4, 1u | 0x04000000u | 0x40000000u);
	record(&fcs, 1, 0, 64, 64, 0, false, false);
	read_both(&fcs, &s, &linktype);
	assert_int_equal(linktype, 1);
	free(fcs.p);

	/* Version 2.2: caplen and len the other way round in every record. */
	struct file old = { 0 };
	header(&old, 0xA1B2C3D4u, 2, 2, 1);
	record(&old, 1, 0, 60, 1514, 0, false, true);
	read_both(&old, &s, &linktype);
	assert_int_equal(s.packets, 1);
	assert_int_equal(s.caplen[0], 60);
	assert_int_equal(s.wirelen[0], 1514);
	free(old.p);

	/* Not 2.x: refused with the version in the sentence. */
	struct file v3 = { 0 };
	header(&v3, 0xA1B2C3D4u, 3, 0, 1);
	FILE *fp = as_file(&v3);
	enum pcapfile_refusal refusal;
	char why[200];
	assert_null(pcapfile_open(fp, &refusal, why, sizeof why));
	assert_int_equal(refusal, PCAPFILE_BAD_HEADER);
	assert_non_null(strstr(why, "version 3.0"));
	fclose(fp);
	free(v3.p);
}

static void test_refusals(void **state)
{
	(void)state;
	enum pcapfile_refusal refusal;
	char why[200];
	static const uint8_t pcapng[24] = { 0x0A, 0x0D, 0x0D, 0x0A, 24, 0, 0, 0, 0x4D, 0x3C, 0x2B, 0x1A };
	struct file ng = { 0 };
	put(&ng, pcapng, sizeof pcapng);
	FILE *fp = as_stream(&ng);
	assert_null(pcapfile_open(fp, &refusal, why, sizeof why));
	assert_int_equal(refusal, PCAPFILE_NOT_PCAP);
	fclose(fp);
	/* A magic, then the file ends. */
	struct file cut = { 0 };
	put32(&cut, 0xA1B2C3D4u);
	put16(&cut, 2);
	fp = as_file(&cut);
	assert_null(pcapfile_open(fp, &refusal, why, sizeof why));
	assert_int_equal(refusal, PCAPFILE_SHORT_HEADER);
	fclose(fp);
	free(ng.p);
	free(cut.p);
}

/* Every prefix: the whole records before the cut come out; a cut inside a record is an
 * error saying how much of it there is, a cut between records is the end. */
static void test_every_prefix(void **state)
{
	(void)state;
	struct file f = { 0 };
	header(&f, 0xA1B2C3D4u, 2, 4, 1);
	for (uint8_t i = 0; i < 4; i++)
		record(&f, 1 + i, 0, 40u + i, 40u + i, i, false, false);
	for (size_t len = 24; len <= f.len; len++) {
		struct file prefix = f;
		prefix.len = len;
		struct seen s;
		read_both(&prefix, &s, NULL);
		size_t whole = 0;
		bool boundary = len == f.len;
		for (size_t r = 0; r < f.n_records; r++) {
			size_t end = r + 1 < f.n_records ? f.starts[r + 1] : f.len;
			if (end <= len)
				whole++;
			if (f.starts[r] == len)
				boundary = true;
		}
		assert_int_equal(s.packets, whole);
		if (boundary) {
			assert_int_equal(s.last, PCAPFILE_END);
		} else {
			assert_int_equal(s.last, PCAPFILE_ERROR);
			assert_non_null(strstr(s.why, "truncated capture"));
		}
	}
	free(f.p);
}

static void test_huge_caplen(void **state)
{
	(void)state;
	struct file f = { 0 };
	header(&f, 0xA1B2C3D4u, 2, 4, 1);
	record(&f, 1, 0, 10, 10, 0, false, false);
	put32(&f, 2);
	put32(&f, 0);
	put32(&f, 0x7FFFFFFFu);
	put32(&f, 0x7FFFFFFFu);
	struct seen s;
	read_both(&f, &s, NULL);
	assert_int_equal(s.packets, 1);
	assert_int_equal(s.last, PCAPFILE_ERROR);
	assert_non_null(strstr(s.why, "2147483647"));
	free(f.p);
}

/* Over 9 MiB of records of sizes that do not divide the window: some straddle each
 * window boundary, and each must come out whole. */
static void test_windows(void **state)
{
	(void)state;
	struct file f = { 0 };
	header(&f, 0xA1B2C3D4u, 2, 4, 1);
	size_t n = 0;
	uint64_t want = 0;
	while (f.len < ((size_t)9 << 20) + 12345) {
		uint32_t caplen = 1 + (uint32_t)(n * 7919 % 9000);
		record(&f, (uint32_t)n, 0, caplen, caplen, (uint8_t)n, false, false);
		for (uint32_t i = 0; i < caplen; i++)
			want += (uint8_t)((uint8_t)n + i);
		n++;
	}
	/* One record larger than any window share: 200 KB. */
	record(&f, 0, 0, 200000, 200000, 3, false, false);
	for (uint32_t i = 0; i < 200000; i++)
		want += (uint8_t)(3 + i);
	struct seen s;
	read_both(&f, &s, NULL);
	assert_int_equal(s.last, PCAPFILE_END);
	assert_int_equal(s.packets, n + 1);
	assert_true(s.sum == want);
	free(f.p);
}

/* A file still being written: records appended after the reader reached its end-to-be
 * are read too, as libpcap reading a file that grows would. */
static void test_growing_file(void **state)
{
	(void)state;
	struct file f = { 0 };
	header(&f, 0xA1B2C3D4u, 2, 4, 1);
	record(&f, 1, 0, 100, 100, 0, false, false);
	FILE *fp = as_file(&f);
	enum pcapfile_refusal refusal;
	char why[200];
	struct pcapfile *r = pcapfile_open(fp, &refusal, why, sizeof why);
	assert_non_null(r);
	assert_true(pcapfile_mapped(r));
	struct pcapfile_packet pkt;
	assert_int_equal(pcapfile_next(r, &pkt), PCAPFILE_PACKET);
	struct file more = { 0 };
	record(&more, 2, 0, 50, 50, 5, false, false);
	assert_int_equal(pwrite(fileno(fp), more.p, more.len, (off_t)f.len), (ssize_t)more.len);
	assert_int_equal(pcapfile_next(r, &pkt), PCAPFILE_PACKET);
	assert_int_equal(pkt.caplen, 50);
	assert_int_equal(pkt.data[0], 5);
	assert_int_equal(pcapfile_next(r, &pkt), PCAPFILE_END);
	pcapfile_close(r);
	fclose(fp);
	free(f.p);
	free(more.p);
}

/* The file is cut short by someone else while it is mapped: the pages gone would raise
 * SIGBUS; the reader reports the cut instead. Small (read on the reader's own faults) and
 * large (a pager filling the page tables ahead, which meets the cut first). */
static void test_cut_while_mapped(void **state)
{
	(void)state;
	static const uint32_t counts[] = { 400, 12000 };
	for (size_t c = 0; c < 2; c++) {
		struct file f = { 0 };
		header(&f, 0xA1B2C3D4u, 2, 4, 1);
		for (uint32_t i = 0; i < counts[c]; i++)
			record(&f, i, 0, 1000, 1000, (uint8_t)i, false, false);
		FILE *fp = as_file(&f);
		enum pcapfile_refusal refusal;
		char why[200];
		struct pcapfile *r = pcapfile_open(fp, &refusal, why, sizeof why);
		assert_non_null(r);
		assert_true(pcapfile_mapped(r));
		struct pcapfile_packet pkt;
		assert_int_equal(pcapfile_next(r, &pkt), PCAPFILE_PACKET);
		assert_int_equal(ftruncate(fileno(fp), 8192), 0);
		size_t after = 0;
		enum pcapfile_next got;
		while ((got = pcapfile_next(r, &pkt)) == PCAPFILE_PACKET)
			after++;
		assert_int_equal(got, PCAPFILE_ERROR);
		assert_non_null(strstr(pcapfile_error(r), "cut short"));
		/* At most the records that were inside the first 8 KiB, and one read as zeros. */
		assert_true(after <= 9);
		pcapfile_close(r);
		fclose(fp);
		free(f.p);
	}
}

/* A file that cannot be mapped (here: no address space left for it) is read as a
 * stream instead, all of it. In a child process, whose address space is limited to a
 * little more than it uses; not under AddressSanitizer, which reserves terabytes. */
static void test_unmappable_file(void **state)
{
	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	skip();
#else
	struct file f = { 0 };
	header(&f, 0xA1B2C3D4u, 2, 4, 1);
	uint32_t n = 24000;
	for (uint32_t i = 0; i < n; i++)
		record(&f, i, 0, 1000, 1000, (uint8_t)i, false, false);
	FILE *fp = as_file(&f);
	fflush(stdout);
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		/* The address space now in use, from /proc/self/statm (pages). */
		unsigned long pages = 0;
		FILE *statm = fopen("/proc/self/statm", "r");
		if (statm == NULL || fscanf(statm, "%lu", &pages) != 1)
			_exit(2);
		fclose(statm);
		struct rlimit lim;
		lim.rlim_cur = lim.rlim_max = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + ((rlim_t)8 << 20);
		if (setrlimit(RLIMIT_AS, &lim) != 0)
			_exit(2);
		enum pcapfile_refusal refusal;
		char why[200];
		struct pcapfile *r = pcapfile_open(fp, &refusal, why, sizeof why);
		if (r == NULL)
			_exit(3);
		struct pcapfile_packet pkt;
		uint32_t got = 0;
		enum pcapfile_next last;
		while ((last = pcapfile_next(r, &pkt)) == PCAPFILE_PACKET)
			got++;
		bool mapped = pcapfile_mapped(r);
		pcapfile_close(r);
		_exit(last == PCAPFILE_END && got == n && !mapped ? 0 : 4);
	}
	int status = 0;
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	fclose(fp);
	free(f.p);
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_link_types_and_versions),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_every_prefix),
		cmocka_unit_test(test_huge_caplen),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_growing_file),
		cmocka_unit_test(test_cut_while_mapped),
		cmocka_unit_test(test_unmappable_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
