/*
 * fetch_multi.c - fetch_multi_run(): many fetches at once, a scheduler over
 * one libcurl multi handle, on the calling thread.
 *
 * Jobs wait in the order given; one starts when fewer than max_total run
 * and fewer than max_per_host run to its host. Hosts are numbered once at
 * the start, so a slot check is an array read. The multi handle carries
 * the same limits (CURLMOPT_MAX_TOTAL_CONNECTIONS, _MAX_HOST_CONNECTIONS)
 * as a hard bound on connections; since a job is only added when it has a
 * slot, libcurl never queues one (a queued transfer's timeout would run
 * while it waits). Each transfer is a struct fetch_xfer set up and read
 * out exactly as fetch_run() does it (fetch_int.h).
 *
 * Invariants: a job goes pending -> running -> done, or pending -> done
 * (local sources, set-up failures); done() is called once per job; the
 * running count equals the handles in the multi and the sum of busy[].
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#define LDN_FETCH_XFER_ONLY /* the transfer, not fetch.c's helpers */
#include "fetch_int.h"
#include "fetch_multi.h"
#include "url.h"

/* How long to wait for network events when nothing else is to be done;
 * any event ends the wait at once. */
#define FETCH_MULTI_POLL_MS 1000

enum { JOB_PENDING, JOB_RUNNING, JOB_DONE };

/* A running transfer; x first, so curl's private pointer finds the run. */
struct fetch_multi_run {
	struct fetch_xfer x;
	size_t job;
};

struct fetch_multi {
	CURLM *multi;
	struct fetch_multi_job *jobs;
	size_t n;
	size_t max_total, max_per_host;
	unsigned char *state;        /* JOB_* per job */
	size_t *host;                /* host number per job */
	size_t *busy;                /* transfers running per host number */
	struct fetch_multi_run **run;  /* per job while it runs, else NULL */
	size_t running, ndone, first_pending;
	bool rescan;                 /* a slot may have opened: look for jobs */
	fetch_multi_done_fn done;
	void *payload;
};

void
fetch_multi_job_clear(struct fetch_multi_job *job)
{
	free(job->cause);
	job->cause = NULL;
	fetch_response_free(&job->resp);
}

static void
fetch_multi_finish(struct fetch_multi *m, size_t i, int status)
{
	m->jobs[i].status = status;
	m->state[i] = JOB_DONE;
	m->ndone++;
	m->done(&m->jobs[i], m->payload);
}

/* "http://host:port" in lower case for a web URL, "" for anything else. */
static char *
fetch_multi_host_key(const char *src)
{
	CURLU *u;
	char *scheme = NULL, *host = NULL, *port = NULL, *key = NULL;
	struct buf b;
	char *p;

	if (!url_is_web(src))
		return strdup("");
	if ((u = curl_url()) == NULL)
		return NULL;
	buf_init(&b, 4096);
	if (curl_url_set(u, CURLUPART_URL, src, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK) {
		/* curl will refuse it when it runs; it needs no slot of a host. */
		key = strdup("");
		goto out;
	}
	if (buf_printf(&b, "%s://%s:%s", scheme, host, port) != LDN_OK)
		goto out;
	for (p = b.data; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	key = buf_detach(&b);
out:
	buf_free(&b);
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return key;
}

struct fetch_multi_key {
	char *key;
	size_t job;
};

static int
fetch_multi_key_cmp(const void *a, const void *b)
{
	const struct fetch_multi_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c != 0)
		return c;
	return x->job < y->job ? -1 : x->job > y->job;
}

/* Numbers the jobs' hosts: jobs to one host share a number. */
static int
fetch_multi_hosts(struct fetch_multi *m)
{
	struct fetch_multi_key *keys;
	size_t i, id = 0;
	int st = LDN_OK;

	/* calloc(0) may be NULL, which is not out of memory. */
	if ((keys = calloc(m->n ? m->n : 1, sizeof *keys)) == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < m->n && st == LDN_OK; i++) {
		keys[i].job = i;
		if ((keys[i].key = fetch_multi_host_key(m->jobs[i].src)) == NULL)
			st = LDN_ENOMEM;
	}
	if (st == LDN_OK) {
		qsort(keys, m->n, sizeof *keys, fetch_multi_key_cmp);
		for (i = 0; i < m->n; i++) {
			if (i > 0 && strcmp(keys[i].key, keys[i - 1].key) != 0)
				id++;
			m->host[keys[i].job] = id;
		}
	}
	for (i = 0; i < m->n; i++)
		free(keys[i].key);
	free(keys);
	return st;
}

static int
fetch_multi_mcode(CURLMcode mc)
{
	return mc == CURLM_OUT_OF_MEMORY ? LDN_ENOMEM : LDN_EFETCH;
}

static int
fetch_multi_init(struct fetch_multi *m, struct fetch_multi_job *jobs, size_t n,
    const struct fetch_multi_limits *lim, fetch_multi_done_fn done, void *payload)
{
	CURLMcode mc = CURLM_OK;
	size_t i;

	memset(m, 0, sizeof *m);
	for (i = 0; i < n; i++) {
		jobs[i].status = LDN_OK;
		jobs[i].cause = NULL;
		memset(&jobs[i].resp, 0, sizeof jobs[i].resp);
	}
	m->jobs = jobs;
	m->n = n;
	m->done = done;
	m->payload = payload;
	m->rescan = true;
	m->max_total = lim != NULL && lim->max_total > 0 ? lim->max_total : FETCH_MULTI_MAX_TOTAL;
	m->max_per_host = lim != NULL && lim->max_per_host > 0 ? lim->max_per_host :
	    FETCH_MULTI_MAX_PER_HOST;
	m->state = calloc(n ? n : 1, 1);
	m->host = calloc(n ? n : 1, sizeof *m->host);
	m->busy = calloc(n ? n : 1, sizeof *m->busy);
	m->run = calloc(n ? n : 1, sizeof *m->run);
	if (m->state == NULL || m->host == NULL || m->busy == NULL || m->run == NULL)
		return LDN_ENOMEM;
	if (fetch_multi_hosts(m) != LDN_OK)
		return LDN_ENOMEM;
	if ((m->multi = curl_multi_init()) == NULL)
		return LDN_ENOMEM;
	mc = curl_multi_setopt(m->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)m->max_total);
	if (mc == CURLM_OK)
		mc = curl_multi_setopt(m->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
		    (long)m->max_per_host);
	/* Keep no more idle connections than may be open at once. */
	if (mc == CURLM_OK)
		mc = curl_multi_setopt(m->multi, CURLMOPT_MAXCONNECTS, (long)m->max_total);
	return mc == CURLM_OK ? LDN_OK : fetch_multi_mcode(mc);
}

/* Adds job i to the multi handle, or finishes it with why it cannot run. */
static void
fetch_multi_add(struct fetch_multi *m, size_t i)
{
	struct fetch_multi_job *job = &m->jobs[i];
	struct fetch_multi_run *r;
	CURLMcode mc;
	int st;

	memset(&job->resp, 0, sizeof job->resp);
	if ((r = malloc(sizeof *r)) == NULL) {
		fetch_multi_finish(m, i, ldn_cause(&job->cause, LDN_ENOMEM, "out of memory"));
		return;
	}
	r->job = i;
	st = fetch_xfer_init(&r->x, job->src, &job->opts, job->sink, job->payload, &job->resp,
	    &job->cause);
	if (st == LDN_OK && (mc = curl_multi_add_handle(m->multi, r->x.easy)) != CURLM_OK)
		st = ldn_cause(&job->cause, fetch_multi_mcode(mc), "libcurl: %s",
		    curl_multi_strerror(mc));
	if (st != LDN_OK) {
		fetch_xfer_free(&r->x);
		free(r);
		fetch_multi_finish(m, i, st);
		return;
	}
	m->state[i] = JOB_RUNNING;
	m->run[i] = r;
	m->busy[m->host[i]]++;
	m->running++;
}

/*
 * Starts the waiting jobs that have a slot, in order, and reads at most
 * one local source (paths and file:// are read without the multi handle;
 * one at a time, so the network keeps moving between them).
 */
static void
fetch_multi_start(struct fetch_multi *m)
{
	struct fetch_multi_job *job;
	bool local_done = false;
	size_t i;

	while (m->first_pending < m->n && m->state[m->first_pending] != JOB_PENDING)
		m->first_pending++;
	m->rescan = false;
	for (i = m->first_pending; i < m->n; i++) {
		if (m->state[i] != JOB_PENDING)
			continue;
		job = &m->jobs[i];
		if (!url_is_web(job->src)) {
			if (local_done) {
				m->rescan = true;
				continue;
			}
			local_done = true;
			fetch_multi_finish(m, i, fetch_run(job->src, &job->opts, job->sink,
			    job->payload, &job->resp, &job->cause));
			continue;
		}
		if (m->running >= m->max_total) {
			if (local_done)
				break;
			continue; /* a local source further on may still run */
		}
		if (m->busy[m->host[i]] < m->max_per_host)
			fetch_multi_add(m, i);
	}
}

/* Finishes the transfers that ended; returns how many. */
static size_t
fetch_multi_reap(struct fetch_multi *m)
{
	struct fetch_multi_run *r;
	struct fetch_xfer *x;
	CURLMsg *msg;
	CURLcode rc;
	CURL *easy;
	size_t n = 0, i;
	int left, st;

	while ((msg = curl_multi_info_read(m->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		/* msg is only valid until the next call into the multi. */
		easy = msg->easy_handle;
		rc = msg->data.result;
		x = NULL;
		curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&x);
		curl_multi_remove_handle(m->multi, easy);
		r = (struct fetch_multi_run *)x;
		i = r->job;
		st = fetch_xfer_done(&r->x, rc, &m->jobs[i].cause);
		fetch_xfer_free(&r->x);
		free(r);
		m->run[i] = NULL;
		m->busy[m->host[i]]--;
		m->running--;
		m->rescan = true;
		fetch_multi_finish(m, i, st);
		n++;
	}
	return n;
}

static int
fetch_multi_loop(struct fetch_multi *m)
{
	CURLMcode mc;
	int still;

	while (m->ndone < m->n) {
		if (m->rescan)
			fetch_multi_start(m);
		if (m->running == 0)
			continue; /* only local sources (or nothing) were left */
		if ((mc = curl_multi_perform(m->multi, &still)) != CURLM_OK)
			return fetch_multi_mcode(mc);
		if (fetch_multi_reap(m) > 0 || m->rescan)
			continue;
		mc = curl_multi_poll(m->multi, NULL, 0, FETCH_MULTI_POLL_MS, NULL);
		if (mc != CURLM_OK)
			return fetch_multi_mcode(mc);
	}
	return LDN_OK;
}

/* The run cannot go on: every job not done ends with status st. */
static void
fetch_multi_abort(struct fetch_multi *m, int st)
{
	struct fetch_multi_run *r;
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (m->state != NULL && m->state[i] == JOB_DONE)
			continue;
		if (m->run != NULL && (r = m->run[i]) != NULL) {
			curl_multi_remove_handle(m->multi, r->x.easy);
			fetch_xfer_free(&r->x);
			free(r);
			m->run[i] = NULL;
		}
		if (st == LDN_ENOMEM)
			ldn_cause(&m->jobs[i].cause, st, "out of memory");
		else
			ldn_cause(&m->jobs[i].cause, st, "libcurl could not run the transfers");
		m->jobs[i].status = st;
		if (m->state != NULL)
			m->state[i] = JOB_DONE;
		m->done(&m->jobs[i], m->payload);
	}
}

int
fetch_multi_run(struct fetch_multi_job *jobs, size_t n, const struct fetch_multi_limits *lim,
    fetch_multi_done_fn done, void *payload)
{
	struct fetch_multi m;
	int st;

	st = fetch_multi_init(&m, jobs, n, lim, done, payload);
	if (st == LDN_OK)
		st = fetch_multi_loop(&m);
	if (st != LDN_OK)
		fetch_multi_abort(&m, st);
	if (m.multi != NULL)
		curl_multi_cleanup(m.multi);
	free(m.state);
	free(m.host);
	free(m.busy);
	free(m.run);
	return st;
}
