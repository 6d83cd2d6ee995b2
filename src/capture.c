/*
 * capture.c — capture files through libpcap (pcap and pcapng, any link type libpcap
 * knows; decode.c decides which it understands).
 *
 * Pipeline position: files → capture → decode. It hands frames on without copying.
 */
#include "capture.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

#include "decode.h"

bool capture_read_file(const char *path, const char *filter, capture_frame_fn fn, void *ctx,
		       struct capture_result *res)
{
	char err[PCAP_ERRBUF_SIZE] = "";
	memset(res, 0, sizeof *res);
	pcap_t *p;
	if (strcmp(path, "-") == 0)
		p = pcap_fopen_offline_with_tstamp_precision(stdin, PCAP_TSTAMP_PRECISION_MICRO, err);
	else
		p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_MICRO, err);
	if (p == NULL) {
		const char *why = err;
		if (strstr(err, "unknown file format") != NULL || strstr(err, "bad dump file format") != NULL)
			why = "not a pcap or pcapng capture (unknown file format)";
		else if (strstr(err, "truncated dump file") != NULL)
			why = "truncated capture: the file header is incomplete";
		snprintf(res->message, sizeof res->message, "%s: %s", path, why);
		res->error = true;
		return false;
	}
	res->opened = true;
	int linktype = pcap_datalink(p);
	if (!decode_link_supported(linktype)) {
		const char *name = pcap_datalink_val_to_name(linktype);
		snprintf(res->message, sizeof res->message, "%s: unsupported link type %d (%s)", path, linktype,
			 name ? name : "unknown");
		res->error = true;
		pcap_close(p);
		return false;
	}
	if (filter != NULL && filter[0] != '\0') {
		struct bpf_program prog;
		if (pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN) != 0 || pcap_setfilter(p, &prog) != 0) {
			snprintf(res->message, sizeof res->message, "%s: filter \"%s\": %s", path, filter, pcap_geterr(p));
			res->error = true;
			pcap_close(p);
			return false;
		}
		pcap_freecode(&prog);
	}
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc;
	uint64_t number = 0;
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		number++;
		/* pcapng may change link type per interface: libpcap reports the file's first. */
		struct capture_frame fr = {
			.linktype = linktype,
			.ts = (double)h->ts.tv_sec + (double)h->ts.tv_usec / 1e6,
			.data = data,
			.caplen = h->caplen,
			.wirelen = h->len,
			.number = number,
		};
		fn(ctx, &fr);
	}
	res->frames = number;
	if (rc == -1) {
		snprintf(res->message, sizeof res->message, "%s: packet %llu: %s", path, (unsigned long long)number + 1,
			 pcap_geterr(p));
		res->error = true;
	}
	pcap_close(p);
	return !res->error;
}
