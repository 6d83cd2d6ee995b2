/*
 * report_inputs.c — the output stage's records about inputs rather than attempts: the
 * JSON "file", "error" and "skipped" records (report.h).
 */
#include "report.h"

#include <pcap/pcap.h>

#include "decode.h"
#include "frag.h"
#include "json.h"

void report_json_file(FILE *out, const struct report_file *r)
{
	struct json j = { out, false };
	const char *lt = pcap_datalink_val_to_name(r->linktype);
	json_begin_object(&j);
	json_key(&j, "type"); json_string(&j, "file");
	json_key(&j, "file"); json_string(&j, r->file);
	json_key(&j, "link_type"); json_string(&j, lt ? lt : "?");
	json_key(&j, "packets"); json_int(&j, (long long)r->packets);
	json_key(&j, "bytes"); json_int(&j, (long long)r->bytes);
	json_key(&j, "attempts"); json_int(&j, (long long)r->attempts);
	json_key(&j, "failed"); json_int(&j, (long long)r->failed);
	json_key(&j, "complete"); json_bool(&j, r->complete);
	json_key(&j, "duplicates"); json_int(&j, (long long)r->duplicates);
	if (r->not_decoded != NULL) {
		/* "packets_not_decoded": {"total": N, "<reason>": n, ..., "summary": "..."}: the
		 * reasons with a count only, and the same words as the text mode's line. */
		const struct decode_tally *t = r->not_decoded;
		char words[512];
		json_key(&j, "packets_not_decoded");
		json_begin_object(&j);
		json_key(&j, "total"); json_int(&j, (long long)decode_tally_total(t));
		for (int i = 0; i < DECODE_N_REASONS; i++) {
			if (t->n[i] == 0)
				continue;
			json_key(&j, decode_reason_key((enum decode_reason)i));
			json_int(&j, (long long)t->n[i]);
		}
		(void)decode_tally_describe(t, words, sizeof words); /* cut to fit is still words */
		json_key(&j, "summary"); json_string(&j, words);
		json_end_object(&j);
	}
	if (r->fragments != NULL && (r->fragments->datagrams > 0 || r->fragments->dropped > 0)) {
		json_key(&j, "ip_fragments");
		json_begin_object(&j);
		json_key(&j, "datagrams"); json_int(&j, (long long)r->fragments->datagrams);
		json_key(&j, "fragments"); json_int(&j, (long long)r->fragments->fragments);
		json_key(&j, "dropped"); json_int(&j, (long long)r->fragments->dropped);
		json_key(&j, "overlaps"); json_int(&j, (long long)r->fragments->overlaps);
		json_end_object(&j);
	}
	json_end_object(&j);
	fputc('\n', out);
}

void report_json_input(FILE *out, bool error, bool not_capture, const char *file, const char *message)
{
	struct json j = { out, false };
	json_begin_object(&j);
	json_key(&j, "type"); json_string(&j, error ? "error" : "skipped");
	json_key(&j, "file"); json_string(&j, file);
	json_key(&j, "message"); json_string(&j, message);
	if (not_capture) {
		json_key(&j, "not_capture");
		json_bool(&j, true);
	}
	json_end_object(&j);
	fputc('\n', out);
}
