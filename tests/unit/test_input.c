/*
 * test_input.c — the sources stage on real files in a temporary directory: directory
 * walks (order, hidden entries, link loops, depth), content recognition, and captures
 * inside compressed files and zip/tar bundles handed on as streams with the exact bytes
 * of the capture and a name that says where it was found.
 *
 * The captures are small pcap files written here (a global header and Ethernet/IPv4/TCP
 * packets); compressed files and bundles are made with the gzip, xz, zstd, bzip2, tar
 * and zip commands.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "bounds.h"
#include "input.h"

/* ---- the temporary tree ---- */

static char root[64];

static int make_root(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/test_input.XXXXXX");
	return mkdtemp(root) == NULL ? -1 : 0;
}

static int remove_root(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

/* root/rel, into a static buffer of the caller's. */
static const char *at(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", root, rel);
	return buf;
}

static void run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int rc = system(cmd);
	if (rc != 0)
		print_error("command failed (%d): %s\n", rc, cmd);
	assert_int_equal(rc, 0);
}

static void write_bytes(const char *path, const void *p, size_t n)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(p, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

static void write_text(const char *path, const char *s)
{
	write_bytes(path, s, strlen(s));
}

/* The whole file (the caller frees). */
static uint8_t *read_all(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	long len = ftell(fp);
	assert_true(len >= 0);
	rewind(fp);
	uint8_t *p = malloc((size_t)len + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	*n = (size_t)len;
	return p;
}

/* ---- a capture written by hand ---- */

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v); put16(p + 2, (uint16_t)(v >> 16)); }

/*
 * A little-endian pcap (magic 0xa1b2c3d4, version 2.4, snaplen 65535, Ethernet) with
 * n_packets TCP segments 198.18.0.2:40000 → 198.18.1.2:443, each 54 bytes of headers and
 * 16 bytes of payload that differ by packet and by seed.
 */
static void write_pcap(const char *path, unsigned n_packets, uint8_t seed)
{
	const size_t pkt_len = 14 + 20 + 20 + 16;
	size_t len = 24 + n_packets * (16 + pkt_len);
	uint8_t *buf = calloc(1, len);
	assert_non_null(buf);
	put32(buf, 0xa1b2c3d4);
	put16(buf + 4, 2);
	put16(buf + 6, 4);
	put32(buf + 16, 65535);
	put32(buf + 20, 1);
	uint8_t *p = buf + 24;
	for (unsigned i = 0; i < n_packets; i++) {
		put32(p, 1763784753u + i);
		put32(p + 4, i * 1000u % 1000000u);
		put32(p + 8, (uint32_t)pkt_len);
		put32(p + 12, (uint32_t)pkt_len);
		uint8_t *e = p + 16;
		memcpy(e, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00", 14);
		uint8_t *ip = e + 14;
		ip[0] = 0x45;
		ip[2] = 0;
		ip[3] = 20 + 20 + 16;
		ip[8] = 64;
		ip[9] = 6;
		memcpy(ip + 12, "\xc6\x12\x00\x02\xc6\x12\x01\x02", 8);
		uint8_t *tcp = ip + 20;
		tcp[0] = 40000 >> 8; tcp[1] = 40000 & 0xff;
		tcp[2] = 443 >> 8; tcp[3] = 443 & 0xff;
		tcp[7] = (uint8_t)i;
		tcp[12] = 5 << 4;
		tcp[13] = 0x18;
		tcp[15] = 0xff;
		for (int k = 0; k < 16; k++)
			tcp[20 + k] = (uint8_t)(seed + i * 7 + (unsigned)k);
		p += 16 + pkt_len;
	}
	write_bytes(path, buf, len);
	free(buf);
}

/* ---- what the callbacks saw ---- */

struct capture_seen {
	char name[512];
	uint8_t *bytes;
	size_t n;
	bool read_error;            /* ferror on the stream */
	char stream_error[256];     /* input_stream_error after fclose, "" for none */
};

struct message_seen {
	char name[512];
	enum input_message kind;
	char text[256];
};

struct seen {
	struct capture_seen cap[16];
	size_t n_cap;
	struct message_seen msg[32];
	size_t n_msg;
};

static void on_capture(void *ctx, const char *name, FILE *fp, struct input_stream *st)
{
	struct seen *s = ctx;
	assert_true(s->n_cap < 16);
	struct capture_seen *c = &s->cap[s->n_cap++];
	snprintf(c->name, sizeof c->name, "%s", name);
	/* Read to the end, as the capture stage does, then close: fp is ours. */
	size_t cap = 4096;
	c->bytes = malloc(cap);
	assert_non_null(c->bytes);
	for (;;) {
		if (c->n == cap) {
			cap *= 2;
			c->bytes = realloc(c->bytes, cap);
			assert_non_null(c->bytes);
		}
		size_t got = fread(c->bytes + c->n, 1, cap - c->n, fp);
		c->n += got;
		if (got == 0)
			break;
	}
	c->read_error = ferror(fp) != 0;
	fclose(fp);
	const char *why = input_stream_error(st);
	snprintf(c->stream_error, sizeof c->stream_error, "%s", why ? why : "");
}

static void on_message(void *ctx, const char *name, enum input_message kind, const char *text)
{
	struct seen *s = ctx;
	assert_true(s->n_msg < 32);
	struct message_seen *m = &s->msg[s->n_msg++];
	snprintf(m->name, sizeof m->name, "%s", name);
	m->kind = kind;
	snprintf(m->text, sizeof m->text, "%s", text ? text : "");
}

static void seen_free(struct seen *s)
{
	for (size_t i = 0; i < s->n_cap; i++)
		free(s->cap[i].bytes);
	memset(s, 0, sizeof *s);
}

static bool open_one(const char *path, bool named, struct seen *s, struct input_counts *c)
{
	memset(s, 0, sizeof *s);
	memset(c, 0, sizeof *c);
	return input_open(path, named, on_capture, on_message, s, c);
}

/* Capture k has the name and exactly the bytes of the file at pcap_path, read cleanly. */
static void expect_capture(const struct seen *s, size_t k, const char *name, const char *pcap_path)
{
	assert_true(k < s->n_cap);
	const struct capture_seen *c = &s->cap[k];
	assert_string_equal(c->name, name);
	size_t n;
	uint8_t *want = read_all(pcap_path, &n);
	if (c->n != n)
		print_error("%s: %zu bytes read, %zu expected\n", name, c->n, n);
	assert_int_equal(c->n, n);
	assert_memory_equal(c->bytes, want, n);
	free(want);
	assert_false(c->read_error);
	assert_string_equal(c->stream_error, "");
}

/* ---- input_list_build ---- */

static void test_walk_order_hidden_loop_and_dangling_link(void **state)
{
	(void)state;
	char p[256], q[256];
	run("mkdir -p '%s/w/sub/deeper' '%s/w/.hiddendir'", root, root);
	write_pcap(at(p, sizeof p, "w/b.pcap"), 1, 1);
	write_pcap(at(p, sizeof p, "w/a.pcap"), 2, 2);
	write_pcap(at(p, sizeof p, "w/.hidden.pcap"), 1, 3);
	write_pcap(at(p, sizeof p, "w/.hiddendir/x.pcap"), 1, 4);
	write_pcap(at(p, sizeof p, "w/sub/c.pcap"), 1, 5);
	write_pcap(at(p, sizeof p, "w/sub/deeper/d.pcap"), 1, 6);
	assert_int_equal(symlink("..", at(p, sizeof p, "w/sub/loop")), 0);
	assert_int_equal(symlink("nothing-here", at(p, sizeof p, "w/dangling")), 0);

	struct input_list list = { 0 };
	struct seen s = { 0 };
	const char *args[] = { at(q, sizeof q, "w") };
	assert_true(input_list_build(&list, args, 1, on_message, &s));
	const char *want[] = { "w/a.pcap", "w/b.pcap", "w/sub/c.pcap", "w/sub/deeper/d.pcap" };
	assert_int_equal(list.n, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_string_equal(list.paths[i], at(p, sizeof p, want[i]));
		assert_false(list.named[i]);
		assert_int_equal(list.sizes[i], 24 + (i == 0 ? 2 : 1) * (16 + 70));
	}
	/* Two notes: the loop, not followed again, and the link to nothing. */
	assert_int_equal(s.n_msg, 2);
	bool loop = false, dangling = false;
	for (size_t i = 0; i < s.n_msg; i++) {
		assert_int_equal(s.msg[i].kind, INPUT_NOTE);
		if (strcmp(s.msg[i].name, at(p, sizeof p, "w/sub/loop")) == 0)
			loop = true;
		if (strcmp(s.msg[i].name, at(p, sizeof p, "w/dangling")) == 0)
			dangling = true;
	}
	assert_true(loop);
	assert_true(dangling);
	input_list_free(&list);
	assert_int_equal(list.n, 0);
	assert_null(list.paths);
}

/* A directory reached by two links is walked once: its files are listed once. */
static void test_walk_second_link_to_directory_listed_once(void **state)
{
	(void)state;
	char p[256], q[256];
	run("mkdir -p '%s/two/real'", root);
	write_pcap(at(p, sizeof p, "two/real/x.pcap"), 1, 1);
	assert_int_equal(symlink("real", at(p, sizeof p, "two/alias")), 0);
	struct input_list list = { 0 };
	struct seen s = { 0 };
	const char *args[] = { at(q, sizeof q, "two") };
	assert_true(input_list_build(&list, args, 1, on_message, &s));
	assert_int_equal(list.n, 1);
	/* In name order "alias" comes first; "real" is then the second link. */
	assert_string_equal(list.paths[0], at(p, sizeof p, "two/alias/x.pcap"));
	assert_int_equal(s.n_msg, 1);
	assert_int_equal(s.msg[0].kind, INPUT_NOTE);
	assert_string_equal(s.msg[0].name, at(p, sizeof p, "two/real"));
	input_list_free(&list);
}

static void test_walk_named_arguments_kept_in_order(void **state)
{
	(void)state;
	char a[256], b[256], dir[256], missing[256], p[256];
	run("mkdir -p '%s/args/d'", root);
	write_pcap(at(a, sizeof a, "args/z.pcap"), 1, 1);
	write_pcap(at(p, sizeof p, "args/d/in.pcap"), 1, 2);
	at(b, sizeof b, "args/a.pcap");
	write_pcap(b, 3, 3);
	at(dir, sizeof dir, "args/d");
	at(missing, sizeof missing, "args/missing.pcap");
	/* Arguments stay in the order given (z before a); a missing file is listed and
	 * fails when it is opened; "-" is standard input. */
	const char *args[] = { a, missing, dir, "-", b };
	struct input_list list = { 0 };
	struct seen s = { 0 };
	assert_true(input_list_build(&list, args, 5, on_message, &s));
	assert_int_equal(s.n_msg, 0);
	assert_int_equal(list.n, 5);
	assert_string_equal(list.paths[0], a);
	assert_true(list.named[0]);
	assert_int_equal(list.sizes[0], 24 + 86);
	assert_string_equal(list.paths[1], missing);
	assert_true(list.named[1]);
	assert_int_equal(list.sizes[1], 0);
	assert_string_equal(list.paths[2], p);
	assert_false(list.named[2]);
	assert_string_equal(list.paths[3], "-");
	assert_true(list.named[3]);
	assert_int_equal(list.sizes[3], 0);
	assert_string_equal(list.paths[4], b);
	assert_int_equal(list.sizes[4], 24 + 3 * 86);
	input_list_free(&list);

	/* The missing one fails at open, through the message callback. */
	struct input_counts c;
	assert_false(open_one(missing, true, &s, &c));
	assert_int_equal(s.n_cap, 0);
	assert_int_equal(s.n_msg, 1);
	assert_int_equal(s.msg[0].kind, INPUT_UNREADABLE);
	assert_string_equal(s.msg[0].name, missing);
	assert_non_null(strstr(s.msg[0].text, "No such file"));
	assert_int_equal(c.errors, 1);
}

/* A directory argument with a trailing slash gives paths without a doubled slash. */
static void test_walk_trailing_slash(void **state)
{
	(void)state;
	char p[256], q[256];
	run("mkdir -p '%s/slash'", root);
	write_pcap(at(p, sizeof p, "slash/x.pcap"), 1, 1);
	const char *args[] = { at(q, sizeof q, "slash/") };
	struct input_list list = { 0 };
	struct seen s = { 0 };
	assert_true(input_list_build(&list, args, 1, on_message, &s));
	assert_int_equal(list.n, 1);
	assert_string_equal(list.paths[0], p);
	input_list_free(&list);
}

/* The same directory named twice is walked once: the second is a note. */
static void test_walk_directory_named_twice(void **state)
{
	(void)state;
	char p[256], q[256];
	run("mkdir -p '%s/twice'", root);
	write_pcap(at(p, sizeof p, "twice/x.pcap"), 1, 1);
	at(q, sizeof q, "twice");
	const char *args[] = { q, q };
	struct input_list list = { 0 };
	struct seen s = { 0 };
	assert_true(input_list_build(&list, args, 2, on_message, &s));
	assert_int_equal(list.n, 1);
	assert_string_equal(list.paths[0], p);
	assert_int_equal(s.n_msg, 1);
	assert_int_equal(s.msg[0].kind, INPUT_NOTE);
	input_list_free(&list);
}

static void test_walk_depth_bound(void **state)
{
	(void)state;
	/* root/deep/d^64 is walked (depth 64), root/deep/d^65 is not. */
	char path[1024], p[1100];
	snprintf(path, sizeof path, "%s/deep", root);
	for (int i = 0; i < BOUND_WALK_DEPTH; i++)
		strcat(path, "/d");
	run("mkdir -p '%s/d'", path);
	snprintf(p, sizeof p, "%s/last.pcap", path);
	write_pcap(p, 1, 1);
	snprintf(p, sizeof p, "%s/d/too-deep.pcap", path);
	write_pcap(p, 1, 2);
	char q[256];
	const char *args[] = { at(q, sizeof q, "deep") };
	struct input_list list = { 0 };
	struct seen s = { 0 };
	assert_false(input_list_build(&list, args, 1, on_message, &s));
	assert_int_equal(list.n, 1);
	snprintf(p, sizeof p, "%s/last.pcap", path);
	assert_string_equal(list.paths[0], p);
	assert_int_equal(s.n_msg, 1);
	assert_int_equal(s.msg[0].kind, INPUT_UNREADABLE);
	input_list_free(&list);
}

/* ---- input_open: plain and compressed captures ---- */

static void test_open_plain_pcap(void **state)
{
	(void)state;
	char p[256];
	write_pcap(at(p, sizeof p, "plain.pcap"), 3, 9);
	struct seen s;
	struct input_counts c;
	assert_true(open_one(p, true, &s, &c));
	assert_int_equal(s.n_cap, 1);
	assert_int_equal(s.n_msg, 0);
	expect_capture(&s, 0, p, p);
	assert_int_equal(c.captures, 1);
	assert_int_equal(c.errors, 0);
	assert_int_equal(c.skipped, 0);
	seen_free(&s);
}

/* Recognised by content, not by name, and whatever the byte order of the magic. */
static void test_open_recognises_content_not_name(void **state)
{
	(void)state;
	char p[256];
	at(p, sizeof p, "capture.txt");
	write_pcap(p, 1, 1);
	struct seen s;
	struct input_counts c;
	assert_true(open_one(p, false, &s, &c));
	assert_int_equal(s.n_cap, 1);
	seen_free(&s);

	/* Big-endian pcap, nanosecond pcap and pcapng magics. */
	const uint8_t magics[][4] = { { 0xa1, 0xb2, 0xc3, 0xd4 }, { 0x4d, 0x3c, 0xb2, 0xa1 }, { 0x0a, 0x0d, 0x0d, 0x0a } };
	for (size_t i = 0; i < 3; i++) {
		uint8_t head[28] = { 0 };
		memcpy(head, magics[i], 4);
		at(p, sizeof p, "magic.bin");
		write_bytes(p, head, sizeof head);
		assert_true(open_one(p, true, &s, &c));
		assert_int_equal(s.n_cap, 1);
		assert_int_equal(s.cap[0].n, sizeof head);
		seen_free(&s);
	}
}

static void test_open_compressed_captures(void **state)
{
	(void)state;
	/* 2000 packets (172 KB): more than one pull buffer and one recognition peek. */
	char p[256], z[300];
	at(p, sizeof p, "big.pcap");
	write_pcap(p, 2000, 5);
	const char *tools[][2] = { { "gzip -c", "gz" }, { "xz -c", "xz" }, { "zstd -q -c", "zst" }, { "bzip2 -c", "bz2" } };
	for (size_t i = 0; i < 4; i++) {
		snprintf(z, sizeof z, "%s.%s", p, tools[i][1]);
		run("%s '%s' > '%s'", tools[i][0], p, z);
		struct seen s;
		struct input_counts c;
		assert_true(open_one(z, true, &s, &c));
		assert_int_equal(s.n_msg, 0);
		assert_int_equal(s.n_cap, 1);
		/* Named as the compressed file itself. */
		expect_capture(&s, 0, z, p);
		assert_int_equal(c.captures, 1);
		assert_int_equal(c.errors, 0);
		seen_free(&s);
	}
}

static void test_open_small_gzip_capture(void **state)
{
	(void)state;
	char p[256], z[256];
	write_pcap(at(p, sizeof p, "small.pcap"), 1, 3);
	at(z, sizeof z, "small.pcap.gz");
	run("gzip -c '%s' > '%s'", p, z);
	struct seen s;
	struct input_counts c;
	assert_true(open_one(z, false, &s, &c));
	assert_int_equal(s.n_cap, 1);
	expect_capture(&s, 0, z, p);
	seen_free(&s);
}

/* ---- input_open: bundles ---- */

static void test_open_tar_with_two_captures(void **state)
{
	(void)state;
	char a[256], b[256], t[256], name[512];
	run("mkdir -p '%s/tar/dir'", root);
	write_pcap(at(a, sizeof a, "tar/a.pcap"), 2, 1);
	write_pcap(at(b, sizeof b, "tar/dir/b.pcap"), 1500, 2);
	write_text(at(t, sizeof t, "tar/notes.txt"), "not a capture\n");
	at(t, sizeof t, "tar/bundle.tar");
	run("cd '%s/tar' && tar cf bundle.tar a.pcap dir notes.txt", root);
	struct seen s;
	struct input_counts c;
	/* A member that is not a capture is a note, even in a named bundle. */
	assert_true(open_one(t, true, &s, &c));
	assert_int_equal(s.n_cap, 2);
	snprintf(name, sizeof name, "%s:a.pcap", t);
	expect_capture(&s, 0, name, a);
	snprintf(name, sizeof name, "%s:dir/b.pcap", t);
	expect_capture(&s, 1, name, b);
	assert_int_equal(s.n_msg, 1);
	assert_int_equal(s.msg[0].kind, INPUT_SKIPPED);
	snprintf(name, sizeof name, "%s:notes.txt", t);
	assert_string_equal(s.msg[0].name, name);
	assert_int_equal(c.captures, 2);
	assert_int_equal(c.skipped, 1);
	assert_int_equal(c.errors, 0);
	seen_free(&s);
}

static void test_open_zip_with_two_captures(void **state)
{
	(void)state;
	char a[256], b[256], zp[256], name[512];
	run("mkdir -p '%s/zip'", root);
	write_pcap(at(a, sizeof a, "zip/a.pcap"), 2, 1);
	write_pcap(at(b, sizeof b, "zip/b.pcap"), 900, 2);
	at(zp, sizeof zp, "zip/bundle.zip");
	run("cd '%s/zip' && zip -q bundle.zip a.pcap b.pcap", root);
	struct seen s;
	struct input_counts c;
	assert_true(open_one(zp, true, &s, &c));
	assert_int_equal(s.n_msg, 0);
	assert_int_equal(s.n_cap, 2);
	snprintf(name, sizeof name, "%s:a.pcap", zp);
	expect_capture(&s, 0, name, a);
	snprintf(name, sizeof name, "%s:b.pcap", zp);
	expect_capture(&s, 1, name, b);
	seen_free(&s);
}

static void test_open_compressed_tar(void **state)
{
	(void)state;
	char a[256], b[256], t[256], name[512];
	run("mkdir -p '%s/tgz'", root);
	write_pcap(at(a, sizeof a, "tgz/a.pcap"), 5, 1);
	write_pcap(at(b, sizeof b, "tgz/b.pcap"), 5, 2);
	at(t, sizeof t, "tgz/both.tar.gz");
	run("cd '%s/tgz' && tar czf both.tar.gz a.pcap b.pcap", root);
	struct seen s;
	struct input_counts c;
	assert_true(open_one(t, true, &s, &c));
	assert_int_equal(s.n_cap, 2);
	snprintf(name, sizeof name, "%s:a.pcap", t);
	expect_capture(&s, 0, name, a);
	snprintf(name, sizeof name, "%s:b.pcap", t);
	expect_capture(&s, 1, name, b);
	seen_free(&s);
}

/* A compressed capture inside a zip is read through both, named by the member. */
static void test_open_gzip_inside_zip(void **state)
{
	(void)state;
	char a[256], zp[256], name[512];
	run("mkdir -p '%s/nest'", root);
	write_pcap(at(a, sizeof a, "nest/a.pcap"), 700, 1);
	at(zp, sizeof zp, "nest/outer.zip");
	run("cd '%s/nest' && gzip -c a.pcap > a.pcap.gz && zip -q -0 outer.zip a.pcap.gz", root);
	struct seen s;
	struct input_counts c;
	assert_true(open_one(zp, true, &s, &c));
	assert_int_equal(s.n_msg, 0);
	assert_int_equal(s.n_cap, 1);
	snprintf(name, sizeof name, "%s:a.pcap.gz", zp);
	expect_capture(&s, 0, name, a);
	seen_free(&s);
}

/* Bundles inside bundles are opened BOUND_NESTED_BUNDLES deep, no deeper. */
static void test_open_nested_bundles_bound(void **state)
{
	(void)state;
	assert_int_equal(BOUND_NESTED_BUNDLES, 4);
	char a[256], t[256], name[1024];
	run("mkdir -p '%s/deep-tar'", root);
	write_pcap(at(a, sizeof a, "deep-tar/a.pcap"), 1, 1);
	/* t0.tar holds a.pcap, t1.tar holds t0.tar, ... t4.tar holds t3.tar. */
	run("cd '%s/deep-tar' && tar cf t0.tar a.pcap && tar cf t1.tar t0.tar && tar cf t2.tar t1.tar && "
	    "tar cf t3.tar t2.tar && tar cf t4.tar t3.tar", root);
	struct seen s;
	struct input_counts c;
	at(t, sizeof t, "deep-tar/t3.tar");
	assert_true(open_one(t, true, &s, &c));
	assert_int_equal(s.n_cap, 1);
	snprintf(name, sizeof name, "%s:t2.tar:t1.tar:t0.tar:a.pcap", t);
	expect_capture(&s, 0, name, a);
	seen_free(&s);

	at(t, sizeof t, "deep-tar/t4.tar");
	assert_false(open_one(t, true, &s, &c));
	assert_int_equal(s.n_cap, 0);
	assert_int_equal(s.n_msg, 1);
	assert_int_equal(s.msg[0].kind, INPUT_UNREADABLE);
	snprintf(name, sizeof name, "%s:t3.tar:t2.tar:t1.tar:t0.tar", t);
	assert_string_equal(s.msg[0].name, name);
	assert_int_equal(c.errors, 1);
	seen_free(&s);
}

/* ---- input_open: what is not a capture ---- */

static void test_open_text_named_is_not_capture(void **state)
{
	(void)state;
	char p[256];
	write_text(at(p, sizeof p, "notes.txt"), "GET / HTTP/1.1\r\nHost: example\r\n\r\n");
	struct seen s;
	struct input_counts c;
	assert_false(open_one(p, true, &s, &c));
	assert_int_equal(s.n_cap, 0);
	assert_int_equal(s.n_msg, 1);
	assert_int_equal(s.msg[0].kind, INPUT_NOT_CAPTURE);
	assert_string_equal(s.msg[0].name, p);
	assert_int_equal(c.errors, 1);
	assert_int_equal(c.skipped, 0);
}

static void test_open_text_walked_is_skipped(void **state)
{
	(void)state;
	char p[256];
	write_text(at(p, sizeof p, "walked.txt"), "just some notes\n");
	struct seen s;
	struct input_counts c;
	assert_true(open_one(p, false, &s, &c));
	assert_int_equal(s.n_cap, 0);
	assert_int_equal(s.n_msg, 1);
	assert_int_equal(s.msg[0].kind, INPUT_SKIPPED);
	assert_int_equal(c.errors, 0);
	assert_int_equal(c.skipped, 1);
}

static void test_open_empty_and_tiny_files(void **state)
{
	(void)state;
	char p[256];
	write_bytes(at(p, sizeof p, "empty.pcap"), "", 0);
	struct seen s;
	struct input_counts c;
	assert_false(open_one(p, true, &s, &c));
	assert_int_equal(s.n_msg, 1);
	assert_int_equal(s.msg[0].kind, INPUT_NOT_CAPTURE);
	assert_non_null(strstr(s.msg[0].text, "empty"));
	assert_true(open_one(p, false, &s, &c));
	assert_int_equal(s.n_msg, 1);
	assert_int_equal(s.msg[0].kind, INPUT_SKIPPED);
	/* Three bytes of a pcap magic are not a capture. */
	write_bytes(at(p, sizeof p, "tiny.pcap"), "\xd4\xc3\xb2", 3);
	assert_false(open_one(p, true, &s, &c));
	assert_int_equal(s.n_cap, 0);
	assert_int_equal(s.msg[0].kind, INPUT_NOT_CAPTURE);
}

/* A compressed text file is judged by what it holds, named like the compressed file. */
static void test_open_compressed_text(void **state)
{
	(void)state;
	char p[256], z[256];
	write_text(at(p, sizeof p, "words.txt"), "hello, not a capture\n");
	at(z, sizeof z, "words.txt.gz");
	run("gzip -c '%s' > '%s'", p, z);
	struct seen s;
	struct input_counts c;
	assert_false(open_one(z, true, &s, &c));
	assert_int_equal(s.n_cap, 0);
	assert_int_equal(s.n_msg, 1);
	assert_int_equal(s.msg[0].kind, INPUT_NOT_CAPTURE);
	assert_string_equal(s.msg[0].name, z);
	assert_true(open_one(z, false, &s, &c));
	assert_int_equal(s.n_msg, 1);
	assert_int_equal(s.msg[0].kind, INPUT_SKIPPED);
}

/* ---- input_open: broken compressed data ---- */

/* The stream breaks mid-way: the capture sees a read error and the stream says why. */
static void test_open_truncated_gzip_is_a_stream_error(void **state)
{
	(void)state;
	char p[256], z[256];
	write_pcap(at(p, sizeof p, "cut.pcap"), 3000, 7);
	at(z, sizeof z, "cut.pcap.gz");
	run("gzip -c '%s' > '%s'", p, z);
	/* Cut at 80%: past the first blocks of output, which reach the capture whole. */
	struct stat zs;
	assert_int_equal(stat(z, &zs), 0);
	assert_int_equal(truncate(z, zs.st_size * 8 / 10), 0);
	struct seen s;
	struct input_counts c;
	assert_false(open_one(z, true, &s, &c));
	assert_int_equal(s.n_cap, 1);
	assert_string_equal(s.cap[0].name, z);
	assert_true(s.cap[0].read_error);
	assert_string_not_equal(s.cap[0].stream_error, "");
	/* What came before the break is a prefix of the capture, never other bytes. */
	size_t n;
	uint8_t *want = read_all(p, &n);
	assert_true(s.cap[0].n >= 24 && s.cap[0].n < n);
	assert_memory_equal(s.cap[0].bytes, want, s.cap[0].n);
	free(want);
	assert_int_equal(c.captures, 1);
	assert_int_equal(c.errors, 1);
	seen_free(&s);
}

/* A gzip header followed by garbage: either nothing could be recognised (a message) or
 * the capture stream fails; never a clean capture. */
static void test_open_corrupt_gzip(void **state)
{
	(void)state;
	char z[256];
	uint8_t bad[4096];
	const uint8_t head[10] = { 0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03 };
	memcpy(bad, head, sizeof head);
	uint32_t x = 2463534242u;
	for (size_t i = sizeof head; i < sizeof bad; i++) {
		x ^= x << 13; x ^= x >> 17; x ^= x << 5;
		bad[i] = (uint8_t)x;
	}
	write_bytes(at(z, sizeof z, "corrupt.pcap.gz"), bad, sizeof bad);
	struct seen s;
	struct input_counts c;
	assert_false(open_one(z, true, &s, &c));
	bool unreadable = s.n_msg > 0 && s.msg[0].kind == INPUT_UNREADABLE;
	bool broken_stream = s.n_cap == 1 && s.cap[0].stream_error[0] != '\0';
	if (!unreadable && !broken_stream)
		print_error("corrupt gzip: %zu capture(s), %zu message(s)\n", s.n_cap, s.n_msg);
	assert_true(unreadable || broken_stream);
	assert_true(c.errors >= 1);
	seen_free(&s);
}

/* A zip cut short: what could not be read is an error, named by the bundle. */
static void test_open_truncated_zip(void **state)
{
	(void)state;
	char a[256], zp[256];
	run("mkdir -p '%s/cutzip'", root);
	write_pcap(at(a, sizeof a, "cutzip/a.pcap"), 10, 1);
	at(zp, sizeof zp, "cutzip/cut.zip");
	run("cd '%s/cutzip' && zip -q full.zip a.pcap && head -c 100 full.zip > cut.zip", root);
	struct seen s;
	struct input_counts c;
	assert_false(open_one(zp, true, &s, &c));
	assert_true(c.errors >= 1);
	bool named_bundle = false;
	for (size_t i = 0; i < s.n_msg; i++)
		if (s.msg[i].kind == INPUT_UNREADABLE && strncmp(s.msg[i].name, zp, strlen(zp)) == 0)
			named_bundle = true;
	for (size_t i = 0; i < s.n_cap; i++)
		if (s.cap[i].stream_error[0] != '\0')
			named_bundle = true;
	assert_true(named_bundle);
	seen_free(&s);
}

/* ---- standard input ---- */

static void test_open_standard_input(void **state)
{
	(void)state;
	char p[256], z[256];
	write_pcap(at(p, sizeof p, "stdin.pcap"), 800, 4);
	at(z, sizeof z, "stdin.pcap.gz");
	run("gzip -c '%s' > '%s'", p, z);
	/* A plain capture and a compressed one through "-": both read as streams. */
	const char *feed[] = { p, z };
	for (size_t i = 0; i < 2; i++) {
		assert_non_null(freopen(feed[i], "rb", stdin));
		struct seen s;
		struct input_counts c;
		assert_true(open_one("-", true, &s, &c));
		assert_int_equal(s.n_msg, 0);
		assert_int_equal(s.n_cap, 1);
		expect_capture(&s, 0, "-", p);
		seen_free(&s);
	}
	assert_non_null(freopen("/dev/null", "rb", stdin));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_order_hidden_loop_and_dangling_link),
		cmocka_unit_test(test_walk_second_link_to_directory_listed_once),
		cmocka_unit_test(test_walk_named_arguments_kept_in_order),
		cmocka_unit_test(test_walk_trailing_slash),
		cmocka_unit_test(test_walk_directory_named_twice),
		cmocka_unit_test(test_walk_depth_bound),
		cmocka_unit_test(test_open_plain_pcap),
		cmocka_unit_test(test_open_recognises_content_not_name),
		cmocka_unit_test(test_open_compressed_captures),
		cmocka_unit_test(test_open_small_gzip_capture),
		cmocka_unit_test(test_open_tar_with_two_captures),
		cmocka_unit_test(test_open_zip_with_two_captures),
		cmocka_unit_test(test_open_compressed_tar),
		cmocka_unit_test(test_open_gzip_inside_zip),
		cmocka_unit_test(test_open_nested_bundles_bound),
		cmocka_unit_test(test_open_text_named_is_not_capture),
		cmocka_unit_test(test_open_text_walked_is_skipped),
		cmocka_unit_test(test_open_empty_and_tiny_files),
		cmocka_unit_test(test_open_compressed_text),
		cmocka_unit_test(test_open_truncated_gzip_is_a_stream_error),
		cmocka_unit_test(test_open_corrupt_gzip),
		cmocka_unit_test(test_open_truncated_zip),
		cmocka_unit_test(test_open_standard_input),
	};
	return cmocka_run_group_tests(tests, make_root, remove_root);
}
