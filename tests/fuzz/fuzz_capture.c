/*
 * fuzz_capture.c — libFuzzer harness for the whole pipeline: the input is a capture
 * file (pcap or pcapng bytes), read through libpcap from memory, decoded, tracked,
 * parsed, decided and reported (to a null stream). Seeds: the captures in pcaps/.
 *
 * Build: clang -fsanitize=fuzzer,address,undefined (see `make fuzz`).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <pcap/pcap.h>

#include "decide.h"
#include "decode.h"
#include "flow.h"
#include "report.h"
#include "rules.h"
#include "triage.h"

static const uint16_t ports[] = { 443, 8443 };

struct run {
	struct report_opts ro;
	struct triage *triage;
	struct decider *dec;
	struct flow_table *flows;
};

static bool decided(void *ctx, struct facts *f, const struct verdict *v, struct flow_frame *frames, bool owned)
{
	struct run *r = ctx;
	(void)frames;
	(void)owned;
	report_attempt(&r->ro, "fuzz", f, v);
	struct triage_row row;
	triage_row_from_attempt(&row, "fuzz", f, v);
	triage_add(r->triage, &row);
	return false;
}

static void done(void *ctx, struct facts *f)
{
	struct run *r = ctx;
	decider_add(r->dec, f, flow_take_frames(r->flows, f), true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *in = fmemopen((void *)data, size, "rb");
	if (in == NULL)
		return 0;
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p = pcap_fopen_offline(in, err);
	if (p == NULL) {
		fclose(in);
		return 0;
	}
	static FILE *sink;
	if (sink == NULL)
		sink = fopen("/dev/null", "w");
	struct run r = { .ro = { .out = sink, .json = (size & 1) != 0, .all = true } };
	struct flow_config cfg = { .tls_ports = ports, .n_tls_ports = 2, .idle_timeout = 120.0, .max_flows = 64,
				   .keep_frames = (size & 2) != 0 };
	r.triage = triage_new();
	r.dec = decider_new(true, decided, &r);
	struct flow_table *t = r.flows = flow_table_new(&cfg, done, &r);
	int linktype = pcap_datalink(p);
	struct pcap_pkthdr *h;
	const u_char *frame;
	uint64_t n = 0;
	while (t != NULL && pcap_next_ex(p, &h, &frame) == 1 && n < 100000) {
		struct decoded pkt;
		const char *why;
		n++;
		if (decode_frame(linktype, frame, h->caplen, h->len, &pkt, &why) == DECODE_TCP)
			flow_packet(t, &pkt, (double)h->ts.tv_sec + (double)h->ts.tv_usec / 1e6, n, frame, h->caplen, h->len);
		if (n % 64 == 0)
			flow_expire(t, (double)h->ts.tv_sec);
	}
	flow_table_free(t);
	decider_finish(r.dec);
	triage_print_text(r.triage, sink);
	triage_print_json(r.triage, sink);
	decider_free(r.dec);
	triage_free(r.triage);
	pcap_close(p);
	return 0;
}
