/*
 * facts.c — small derived facts shared by the rules and the report.
 */
#include "facts.h"

#include <stdlib.h>

#include "tls_parse.h"

void facts_release(struct facts *f)
{
	for (int s = 0; s < 2; s++)
		for (unsigned i = 0; f->certs[s] != NULL && i < f->n_certs[s]; i++)
			free(f->certs[s][i].der);
	free(f->certs[0]);
	free(f->certs[1]);
	free(f->ca_names);
	free(f->accepted_client_cert);
	f->accepted_client_cert = NULL;
	f->certs[0] = f->certs[1] = NULL;
	f->ca_names = NULL;
	f->n_certs[0] = f->n_certs[1] = 0;
	f->n_ca_names = 0;
}

bool facts_tls13_server_went_on(const struct facts *f)
{
	return f->appdata_records[SIDE_SERVER] > 0 || f->new_session_ticket_seen;
}

bool facts_outcome_known(const struct facts *f)
{
	if (f->handshake_done)
		return true;
	/* A HelloRetryRequest exists only in TLS 1.3: the version is known before the ServerHello. */
	bool tls13 = f->hrr_seen || tls_version_is_13(f->version);
	if (!tls13 && f->finished_seen[SIDE_CLIENT] && f->finished_seen[SIDE_SERVER])
		return true;
	if (f->sslv2_handshake && f->enc_records[SIDE_CLIENT] >= 2 && f->enc_records[SIDE_SERVER] >= 2)
		return true;
	/* TLS 1.3 decrypted: a server refusing the client's certificate would have sent its
	 * alert instead of going on (application data or a session ticket). */
	if (tls13 && f->finished_decrypted[SIDE_CLIENT] && f->finished_decrypted[SIDE_SERVER] &&
	    facts_tls13_server_went_on(f))
		return true;
	/* Clear-text handshake records do not count: a chain sent in many small records is
	 * still being read. */
	uint64_t after_keys = (uint64_t)f->enc_records[SIDE_CLIENT] + f->enc_records[SIDE_SERVER] +
			      f->appdata_records[SIDE_CLIENT] + f->appdata_records[SIDE_SERVER];
	return after_keys >= BOUND_RECORD_TRACE;
}

size_t facts_memory(const struct facts *f)
{
	size_t n = f->n_ca_names * (size_t)BOUND_DN;
	for (int s = 0; s < 2; s++) {
		n += f->n_certs[s] * sizeof(struct cert_fact);
		for (unsigned i = 0; f->certs[s] != NULL && i < f->n_certs[s]; i++)
			n += f->certs[s][i].der_len;
	}
	if (f->accepted_client_cert != NULL)
		n += sizeof *f->accepted_client_cert;
	return n;
}

const struct alert_fact *facts_first_fatal_alert(const struct facts *f)
{
	for (unsigned i = 0; i < f->n_alerts; i++)
		if (!f->alerts[i].encrypted && f->alerts[i].level == 2)
			return &f->alerts[i];
	return NULL;
}

const struct alert_fact *facts_first_plain_alert(const struct facts *f, int from, bool fatal_only)
{
	for (unsigned i = 0; i < f->n_alerts; i++) {
		const struct alert_fact *a = &f->alerts[i];
		if (a->encrypted || (from >= 0 && a->from != from))
			continue;
		if (fatal_only && a->level != 2)
			continue;
		return a;
	}
	return NULL;
}

const struct close_fact *facts_first_close(const struct facts *f, int from)
{
	const struct close_fact *best = NULL;
	for (int s = 0; s < 2; s++) {
		if (from >= 0 && s != from)
			continue;
		const struct close_fact *c[2] = { &f->fin[s], &f->rst[s] };
		for (int k = 0; k < 2; k++)
			if (c[k]->seen && (best == NULL || c[k]->packet_no < best->packet_no))
				best = c[k];
	}
	return best;
}

const char *facts_stage_name(enum stage s)
{
	static const char *const names[STAGE__COUNT] = {
		[STAGE_NONE] = "before the ClientHello",
		[STAGE_CLIENT_HELLO] = "after the ClientHello",
		[STAGE_SERVER_HELLO] = "after the ServerHello",
		[STAGE_SERVER_CERT] = "after the server's Certificate",
		[STAGE_SERVER_DONE] = "after the server's first flight",
		[STAGE_CLIENT_CERT] = "after the client's Certificate",
		[STAGE_CLIENT_KEX] = "after the ClientKeyExchange",
		[STAGE_CLIENT_CCS] = "after the client's Finished flight",
		[STAGE_SERVER_CCS] = "after the server's ChangeCipherSpec",
		[STAGE_APPDATA] = "after application data",
	};
	return s < STAGE__COUNT ? names[s] : "?";
}
