// SPDX-License-Identifier: GPL-2.0-only
/*
 * The real driver core over the real emulated VMMDev, in one process: the
 * core is reached only through "kshim/vbg_userspace.h" (as the simulator reaches
 * it), the host only through the emulator's host-side API.  Covers init,
 * event delivery, timeouts, interrupts and signals, session cleanup,
 * capabilities, HGCM calls, VMMDev pass-through, the balloon and a table
 * of malformed ioctls.
 *
 * User memory: every buffer handed to the core is mapped at its local
 * address plus UOFF, a non-canonical offset, so a core that dereferenced a
 * user pointer instead of copying through the map would crash.
 */
#include <check.h>
#include <errno.h>
#include <glib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/vboxguest.h>
#include "kshim/diag.h"
#include "kshim/hw.h"
#include "kshim/vbg_userspace.h"
#include "hostsim/hgcm_host.h"
#include "hostsim/svc_hostsimtest.h"
#include "hostsim/vmmdev_emu.h"

#define UOFF	       0x1000000000000000ull
#define HDR_SIZE       sizeof(struct vbg_ioctl_hdr)
#define RC_SENTINEL    (-4242)
#define ROOT_REQUESTOR (VMMDEV_REQUESTOR_USERMODE | VMMDEV_REQUESTOR_USR_ROOT)
#define USER_REQUESTOR                                           \
	(VMMDEV_REQUESTOR_USERMODE | VMMDEV_REQUESTOR_USR_USER | \
	 VMMDEV_REQUESTOR_USER_DEVICE)
#define FIXED_EVENTS                                               \
	(VMMDEV_EVENT_HGCM | VMMDEV_EVENT_MOUSE_POSITION_CHANGED | \
	 VMMDEV_EVENT_BALLOON_CHANGE_REQUEST)
#define RAM_MIB 64

static struct hgcm_host *host;
static struct vmmdev_emu *emu;
static struct kcore *core;
static unsigned int warns_at_start;

/* ---- helpers ---- */

static unsigned long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000 +
	       (unsigned long)ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts))
		;
}

struct umap {
	struct kshim_user_region r[48];
	unsigned int n;
};
static __thread struct umap umap;

/* Map [p, p + len) for the calling thread; returns its user address. */
static uint64_t umap_add(void *p, size_t len, bool writable)
{
	ck_assert_uint_lt(umap.n, G_N_ELEMENTS(umap.r));
	umap.r[umap.n] = (struct kshim_user_region){
		.uaddr = (uintptr_t)p + UOFF,
		.len = len,
		.kaddr = p,
		.writable = writable,
	};
	umap.n++;
	kshim_user_map_set(umap.r, umap.n);
	return (uintptr_t)p + UOFF;
}

static void umap_reset(void)
{
	umap.n = 0;
	kshim_user_map_clear();
}

/* One ioctl with @arg (len bytes) mapped writable; the map is reset after. */
static long ioc(struct kcore_session *s, unsigned int cmd, void *arg,
		size_t len)
{
	long ret = kcore_ioctl(s, cmd, umap_add(arg, len, true));

	umap_reset();
	return ret;
}

static void hdr_init(struct vbg_ioctl_hdr *h, uint32_t in, uint32_t out,
		     uint32_t type)
{
	h->size_in = in;
	h->version = VBG_IOCTL_HDR_VERSION;
	h->type = type;
	h->rc = RC_SENTINEL;
	h->size_out = out;
	h->reserved = 0;
}

static struct kcore_session *open_session(uint32_t requestor)
{
	struct kcore_session *s = NULL;

	ck_assert_int_eq(kcore_session_open(core, requestor, &s), 0);
	return s;
}

static long driver_version(struct kcore_session *s, uint32_t req, uint32_t min,
			   struct vbg_ioctl_driver_version_info *out)
{
	struct vbg_ioctl_driver_version_info info;

	memset(&info, 0, sizeof(info));
	hdr_init(&info.hdr, HDR_SIZE + sizeof(info.u.in),
		 HDR_SIZE + sizeof(info.u.out), 0);
	info.u.in.req_version = req;
	info.u.in.min_version = min;
	if (out)
		*out = info;
	return out ? ioc(s, VBG_IOCTL_DRIVER_VERSION_INFO, out, sizeof(*out)) :
		     ioc(s, VBG_IOCTL_DRIVER_VERSION_INFO, &info, sizeof(info));
}

static long change_filter(struct kcore_session *s, uint32_t or_mask,
			  uint32_t not_mask)
{
	struct vbg_ioctl_change_filter f;

	hdr_init(&f.hdr, sizeof(f), HDR_SIZE, 0);
	f.u.in.or_mask = or_mask;
	f.u.in.not_mask = not_mask;
	return ioc(s, VBG_IOCTL_CHANGE_FILTER_MASK, &f, sizeof(f));
}

static long wait_events(struct kcore_session *s, uint32_t mask,
			uint32_t timeout_ms, uint32_t *events)
{
	struct vbg_ioctl_wait_for_events w;
	long ret;

	hdr_init(&w.hdr, HDR_SIZE + sizeof(w.u.in), HDR_SIZE + sizeof(w.u.out),
		 0);
	w.u.in.timeout_ms = timeout_ms;
	w.u.in.events = mask;
	ret = ioc(s, VBG_IOCTL_WAIT_FOR_EVENTS, &w, sizeof(w));
	if (events)
		*events = ret == 0 ? w.u.out.events : 0;
	return ret;
}

static long interrupt_all(struct kcore_session *s)
{
	struct vbg_ioctl_hdr h;

	hdr_init(&h, HDR_SIZE, HDR_SIZE, 0);
	return ioc(s, VBG_IOCTL_INTERRUPT_ALL_WAIT_FOR_EVENTS, &h, sizeof(h));
}

static long acquire_caps(struct kcore_session *s, uint32_t flags,
			 uint32_t or_mask, uint32_t not_mask)
{
	struct vbg_ioctl_acquire_guest_caps a;

	hdr_init(&a.hdr, sizeof(a), HDR_SIZE, 0);
	a.u.in.flags = flags;
	a.u.in.or_mask = or_mask;
	a.u.in.not_mask = not_mask;
	return ioc(s, VBG_IOCTL_ACQUIRE_GUEST_CAPABILITIES, &a, sizeof(a));
}

static long change_caps(struct kcore_session *s, uint32_t or_mask,
			uint32_t not_mask, uint32_t *session_caps,
			uint32_t *global_caps)
{
	struct vbg_ioctl_set_guest_caps c;
	long ret;

	hdr_init(&c.hdr, sizeof(c), sizeof(c), 0);
	c.u.in.or_mask = or_mask;
	c.u.in.not_mask = not_mask;
	ret = ioc(s, VBG_IOCTL_CHANGE_GUEST_CAPABILITIES, &c, sizeof(c));
	if (ret == 0 && session_caps)
		*session_caps = c.u.out.session_caps;
	if (ret == 0 && global_caps)
		*global_caps = c.u.out.global_caps;
	return ret;
}

static long hgcm_connect(struct kcore_session *s, const char *name,
			 uint32_t *client_id, int32_t *rc)
{
	struct vbg_ioctl_hgcm_connect c;
	long ret;

	memset(&c, 0, sizeof(c));
	hdr_init(&c.hdr, HDR_SIZE + sizeof(c.u.in), HDR_SIZE + sizeof(c.u.out),
		 0);
	c.u.in.loc.type = VMMDEV_HGCM_LOC_LOCALHOST_EXISTING;
	g_strlcpy(c.u.in.loc.u.localhost.service_name, name,
		  sizeof(c.u.in.loc.u.localhost.service_name));
	ret = ioc(s, VBG_IOCTL_HGCM_CONNECT, &c, sizeof(c));
	*client_id = ret == 0 ? c.u.out.client_id : 0;
	*rc = c.hdr.rc;
	return ret;
}

static uint32_t hgcm_connect_ok(struct kcore_session *s)
{
	uint32_t id;
	int32_t rc;

	ck_assert_int_eq(hgcm_connect(s, HOSTSIMTEST_SERVICE_NAME, &id, &rc),
			 0);
	ck_assert_int_eq(rc, VINF_SUCCESS);
	ck_assert_uint_ne(id, 0);
	return id;
}

static long hgcm_disconnect(struct kcore_session *s, uint32_t client_id,
			    int32_t *rc)
{
	struct vbg_ioctl_hgcm_disconnect d;
	long ret;

	hdr_init(&d.hdr, sizeof(d), HDR_SIZE, 0);
	d.u.in.client_id = client_id;
	ret = ioc(s, VBG_IOCTL_HGCM_DISCONNECT, &d, sizeof(d));
	if (rc)
		*rc = d.hdr.rc;
	return ret;
}

/* A 64-bit HGCM call under construction. */
struct call64 {
	struct vbg_ioctl_hgcm_call hdr;
	struct vmmdev_hgcm_function_parameter64 parms[VMMDEV_HGCM_MAX_PARMS + 2];
};

static void call_init(struct call64 *c, uint32_t client_id, uint32_t function,
		      uint16_t parm_count, uint32_t timeout_ms)
{
	size_t size = sizeof(c->hdr) + parm_count * sizeof(c->parms[0]);

	memset(c, 0, sizeof(*c));
	hdr_init(&c->hdr.hdr, size, size, 0);
	c->hdr.client_id = client_id;
	c->hdr.function = function;
	c->hdr.timeout_ms = timeout_ms;
	c->hdr.interruptible = 1;
	c->hdr.parm_count = parm_count;
}

static void parm_u32(struct call64 *c, unsigned int i, uint32_t v)
{
	c->parms[i].type = VMMDEV_HGCM_PARM_TYPE_32BIT;
	c->parms[i].u.value64 = 0;
	c->parms[i].u.value32 = v;
}

static void parm_u64(struct call64 *c, unsigned int i, uint64_t v)
{
	c->parms[i].type = VMMDEV_HGCM_PARM_TYPE_64BIT;
	c->parms[i].u.value64 = v;
}

/* A buffer parameter; it is mapped for this thread until the call. */
static void parm_buf(struct call64 *c, unsigned int i, uint32_t type, void *buf,
		     uint32_t size)
{
	c->parms[i].type = type;
	c->parms[i].u.pointer.size = size;
	c->parms[i].u.pointer.u.linear_addr = size ? umap_add(buf, size, true) :
						     0;
}

static long call_do(struct kcore_session *s, struct call64 *c)
{
	return ioc(s, VBG_IOCTL_HGCM_CALL_64(c->hdr.hdr.size_in), c,
		   c->hdr.hdr.size_in);
}

static void emu_status(struct vmmdev_emu_status *st)
{
	vmmdev_emu_get_status(emu, st);
}

/* Poll @cond (an expression) for up to @ms milliseconds. */
#define wait_until(cond, ms)                                 \
	({                                                   \
		unsigned long __start = now_ms();            \
		while (!(cond) && now_ms() - __start < (ms)) \
			sleep_ms(2);                         \
		(cond);                                      \
	})

static GMutex log_lock;
static GString *log_text;

static GLogWriterOutput capture_log(GLogLevelFlags level,
				    const GLogField *fields, gsize n_fields,
				    gpointer user_data)
{
	gsize i;

	for (i = 0; i < n_fields; i++) {
		if (strcmp(fields[i].key, "MESSAGE"))
			continue;
		g_mutex_lock(&log_lock);
		g_string_append(log_text, fields[i].value);
		g_string_append_c(log_text, '\n');
		g_mutex_unlock(&log_lock);
	}
	if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
		return g_log_writer_default(level, fields, n_fields, user_data);
	return G_LOG_WRITER_HANDLED;
}

static bool log_contains(const char *needle)
{
	bool found;

	g_mutex_lock(&log_lock);
	found = strstr(log_text->str, needle) != NULL;
	g_mutex_unlock(&log_lock);
	return found;
}

static void core_setup(void)
{
	struct vmmdev_emu_config cfg = {
		.host_major = 7,
		.host_minor = 0,
		.host_build = 14,
		.host_revision = 161095,
		.ram_mib = RAM_MIB,
	};

	log_text = g_string_new(NULL);
	g_log_set_writer_func(capture_log, NULL, NULL);
	warns_at_start = kshim_warn_count();

	host = hgcm_host_new();
	ck_assert_int_eq(hostsimtest_register(host), VINF_SUCCESS);
	emu = vmmdev_emu_new_kshim(&cfg, host);
	ck_assert_int_eq(kcore_start(vmmdev_emu_mmio(emu), &core), 0);
}

static void core_teardown(void)
{
	if (core)
		kcore_stop(core);
	core = NULL;
	vmmdev_emu_detach_kshim(emu);
	vmmdev_emu_free(emu);
	hgcm_host_free(host);
	/* No WARN_ON fired anywhere in the core or the shim. */
	ck_assert_uint_eq(kshim_warn_count(), warns_at_start);
}

/* ---- init and exit ---- */

START_TEST(test_init_reports_guest)
{
	struct vmmdev_emu_status st;
	unsigned int i;
	bool driver_active = false;

	emu_status(&st);
	ck_assert(st.additions_ok);
	ck_assert(st.have_guest_info);
	ck_assert(st.have_guest_info2);
	ck_assert_uint_eq(st.interface_version, 0x00010004);
	ck_assert_uint_eq(st.os_type, 0x53100);
	ck_assert_uint_eq(st.additions_major, 7);
	ck_assert_uint_eq(st.additions_minor, 0);
	ck_assert_str_eq(st.additions_name, "7.0.0");
	ck_assert_uint_eq(st.additions_features & 1, 1);
	for (i = 0; i < st.facility_count; i++)
		if (st.facilities[i].facility == 20 &&
		    st.facilities[i].status == 50)
			driver_active = true;
	ck_assert(driver_active);
	ck_assert_uint_eq(st.filter_mask, FIXED_EVENTS);
	ck_assert_uint_eq(st.guest_caps, 0);
	ck_assert_uint_eq(st.mouse_features & VMMDEV_MOUSE_GUEST_MASK, 0);
	ck_assert(st.heartbeat_enabled);
	ck_assert(wait_until((emu_status(&st), st.heartbeats >= 1), 2000));

	ck_assert_str_eq(kcore_host_version(core), "7.0.14r161095");
	ck_assert_uint_eq(kcore_host_features(core), VMMDEV_EMU_HOST_FEATURES);
	ck_assert_uint_eq(kcore_session_count(core), 0);
}
END_TEST

START_TEST(test_heartbeat_keeps_beating)
{
	struct vmmdev_emu_status st;

	/* The emulated host asks for a beat every 2 s; the first is at once. */
	ck_assert_uint_eq(VMMDEV_EMU_HEARTBEAT_NS, 2000000000ull);
	ck_assert(wait_until((emu_status(&st), st.heartbeats >= 2), 6000));
	ck_assert_int_ge(st.last_heartbeat_ms, 0);
}
END_TEST

START_TEST(test_exit_clears_host_state)
{
	struct kcore_session *s = open_session(ROOT_REQUESTOR);
	struct vmmdev_emu_status st;

	ck_assert_int_eq(change_filter(s, VMMDEV_EVENT_VRDP, 0), 0);
	ck_assert_int_eq(change_caps(s, VMMDEV_GUEST_SUPPORTS_SEAMLESS, 0, NULL,
				     NULL),
			 0);
	kcore_session_close(s);
	kcore_stop(core);
	core = NULL;

	emu_status(&st);
	ck_assert_uint_eq(st.filter_mask & ~VMMDEV_EVENT_HGCM, 0);
	ck_assert_uint_eq(st.guest_caps, 0);
	ck_assert(!st.heartbeat_enabled);
}
END_TEST

START_TEST(test_suspend_resume)
{
	struct kcore_session *s = open_session(ROOT_REQUESTOR);
	struct vmmdev_emu_status st;

	ck_assert_int_eq(change_filter(s, VMMDEV_EVENT_VRDP, 0), 0);
	ck_assert_int_eq(change_caps(s, VMMDEV_GUEST_SUPPORTS_GRAPHICS, 0, NULL,
				     NULL),
			 0);
	kcore_suspend(core);
	ck_assert_int_eq(kcore_resume(core), 0);
	emu_status(&st);
	ck_assert(st.additions_ok);
	ck_assert_uint_eq(st.filter_mask, FIXED_EVENTS | VMMDEV_EVENT_VRDP);
	ck_assert_uint_eq(st.guest_caps, VMMDEV_GUEST_SUPPORTS_GRAPHICS);
	ck_assert(st.heartbeat_enabled);
	kcore_session_close(s);
}
END_TEST

/* ---- events ---- */

struct waiter {
	struct kcore_session *s;
	uint32_t mask;
	uint32_t timeout_ms;
	long ret;
	uint32_t events;
	unsigned long took_ms;
	struct task_struct *_Atomic task;
	pthread_t thread;
};

static void *waiter_thread(void *arg)
{
	struct waiter *w = arg;
	unsigned long start = now_ms();

	atomic_store(&w->task, kshim_current_task());
	w->ret = wait_events(w->s, w->mask, w->timeout_ms, &w->events);
	w->took_ms = now_ms() - start;
	return NULL;
}

static void waiter_start(struct waiter *w, struct kcore_session *s,
			 uint32_t mask, uint32_t timeout_ms)
{
	memset(w, 0, sizeof(*w));
	w->s = s;
	w->mask = mask;
	w->timeout_ms = timeout_ms;
	pthread_create(&w->thread, NULL, waiter_thread, w);
	ck_assert(wait_until(atomic_load(&w->task) != NULL, 2000));
	sleep_ms(20); /* let it block in the wait */
}

START_TEST(test_event_wakes_matching_waiter_only)
{
	struct kcore_session *a = open_session(ROOT_REQUESTOR);
	struct kcore_session *b = open_session(USER_REQUESTOR);
	struct vmmdev_emu_status st;
	struct waiter wa, wb;

	ck_assert_int_eq(change_filter(a, VMMDEV_EVENT_VRDP, 0), 0);
	ck_assert_int_eq(change_filter(b, VMMDEV_EVENT_CPU_HOTPLUG, 0), 0);
	emu_status(&st);
	ck_assert_uint_eq(st.filter_mask, FIXED_EVENTS | VMMDEV_EVENT_VRDP |
						  VMMDEV_EVENT_CPU_HOTPLUG);

	waiter_start(&wa, a, VMMDEV_EVENT_VRDP, 10000);
	waiter_start(&wb, b, VMMDEV_EVENT_CPU_HOTPLUG, 300);
	vmmdev_emu_raise_events(emu, VMMDEV_EVENT_VRDP);
	pthread_join(wa.thread, NULL);
	pthread_join(wb.thread, NULL);

	ck_assert_int_eq(wa.ret, 0);
	ck_assert_uint_eq(wa.events, VMMDEV_EVENT_VRDP);
	ck_assert_uint_lt(wa.took_ms, 5000);
	ck_assert_int_eq(wb.ret, -ETIMEDOUT);
	ck_assert_uint_ge(wb.took_ms, 300);

	kcore_session_close(a);
	kcore_session_close(b);
}
END_TEST

START_TEST(test_event_stays_pending_until_consumed)
{
	struct kcore_session *s = open_session(ROOT_REQUESTOR);
	uint32_t events = 0;

	ck_assert_int_eq(change_filter(s,
				       VMMDEV_EVENT_RESTORED |
					       VMMDEV_EVENT_JUDGE_CREDENTIALS,
				       0),
			 0);
	vmmdev_emu_raise_events(emu, VMMDEV_EVENT_RESTORED);
	/* The interrupt is handled asynchronously; a bounded wait sees it. */
	ck_assert_int_eq(wait_events(s,
				     VMMDEV_EVENT_RESTORED |
					     VMMDEV_EVENT_JUDGE_CREDENTIALS,
				     5000, &events),
			 0);
	ck_assert_uint_eq(events, VMMDEV_EVENT_RESTORED);
	/* Consumed: a poll finds nothing now. */
	ck_assert_int_eq(wait_events(s, VMMDEV_EVENT_RESTORED, 0, &events),
			 -ETIMEDOUT);

	/* Only the bits asked for are consumed; the rest stay pending. */
	vmmdev_emu_raise_events(emu, VMMDEV_EVENT_RESTORED |
					     VMMDEV_EVENT_JUDGE_CREDENTIALS);
	ck_assert_int_eq(wait_events(s, VMMDEV_EVENT_JUDGE_CREDENTIALS, 5000,
				     &events),
			 0);
	ck_assert_uint_eq(events, VMMDEV_EVENT_JUDGE_CREDENTIALS);
	ck_assert_int_eq(wait_events(s, VMMDEV_EVENT_RESTORED, 0, &events), 0);
	ck_assert_uint_eq(events, VMMDEV_EVENT_RESTORED);
	kcore_session_close(s);
}
END_TEST

START_TEST(test_event_timeouts)
{
	struct kcore_session *s = open_session(ROOT_REQUESTOR);
	unsigned long start = now_ms();
	uint32_t events = 1;

	ck_assert_int_eq(wait_events(s, VMMDEV_EVENT_VRDP, 0, &events),
			 -ETIMEDOUT);
	ck_assert_uint_lt(now_ms() - start, 1000);
	start = now_ms();
	ck_assert_int_eq(wait_events(s, VMMDEV_EVENT_VRDP, 120, &events),
			 -ETIMEDOUT);
	ck_assert_uint_ge(now_ms() - start, 120);
	ck_assert_uint_lt(now_ms() - start, 5000);
	kcore_session_close(s);
}
END_TEST

START_TEST(test_interrupt_all_is_sticky_and_per_session)
{
	struct kcore_session *a = open_session(ROOT_REQUESTOR);
	struct kcore_session *b = open_session(ROOT_REQUESTOR);
	struct waiter w;

	waiter_start(&w, a, VMMDEV_EVENT_VRDP, UINT32_MAX);
	ck_assert_int_eq(interrupt_all(a), 0);
	pthread_join(w.thread, NULL);
	ck_assert_int_eq(w.ret, -EINTR);

	/* Later waits on the same session fail at once. */
	ck_assert_int_eq(wait_events(a, VMMDEV_EVENT_VRDP, UINT32_MAX, NULL),
			 -EINTR);
	/* Other sessions are not affected. */
	ck_assert_int_eq(wait_events(b, VMMDEV_EVENT_VRDP, 0, NULL),
			 -ETIMEDOUT);
	kcore_session_close(a);
	kcore_session_close(b);
}
END_TEST

START_TEST(test_signal_interrupts_wait)
{
	struct kcore_session *s = open_session(ROOT_REQUESTOR);
	struct waiter w;

	waiter_start(&w, s, VMMDEV_EVENT_VRDP, UINT32_MAX);
	kshim_task_signal(atomic_load(&w.task));
	pthread_join(w.thread, NULL);
	ck_assert_int_eq(w.ret, -EINTR);
	/* Not sticky: the session still waits normally. */
	ck_assert_int_eq(wait_events(s, VMMDEV_EVENT_VRDP, 0, NULL),
			 -ETIMEDOUT);
	kcore_session_close(s);
}
END_TEST

/* ---- capabilities ---- */

START_TEST(test_caps_set_and_report)
{
	struct kcore_session *a = open_session(ROOT_REQUESTOR);
	struct kcore_session *b = open_session(USER_REQUESTOR);
	struct vmmdev_emu_status st;
	uint32_t session_caps, global_caps;

	ck_assert_int_eq(change_caps(a, VMMDEV_GUEST_SUPPORTS_SEAMLESS, 0,
				     &session_caps, &global_caps),
			 0);
	ck_assert_uint_eq(session_caps, VMMDEV_GUEST_SUPPORTS_SEAMLESS);
	ck_assert_uint_eq(global_caps, VMMDEV_GUEST_SUPPORTS_SEAMLESS);
	ck_assert_int_eq(change_caps(b,
				     VMMDEV_GUEST_SUPPORTS_SEAMLESS |
					     VMMDEV_GUEST_SUPPORTS_GRAPHICS,
				     0, &session_caps, &global_caps),
			 0);
	ck_assert_uint_eq(global_caps, 5);
	emu_status(&st);
	ck_assert_uint_eq(st.guest_caps, 5);

	/* Reference counts: SEAMLESS stays while b still holds it. */
	ck_assert_int_eq(change_caps(a, 0, VMMDEV_GUEST_SUPPORTS_SEAMLESS,
				     &session_caps, &global_caps),
			 0);
	ck_assert_uint_eq(session_caps, 0);
	ck_assert_uint_eq(global_caps, 5);
	kcore_session_close(b);
	emu_status(&st);
	ck_assert_uint_eq(st.guest_caps, 0);
	kcore_session_close(a);
}
END_TEST

START_TEST(test_caps_acquire_rules)
{
	struct kcore_session *a = open_session(USER_REQUESTOR);
	struct kcore_session *b = open_session(USER_REQUESTOR);
	struct vmmdev_emu_status st;
	uint32_t events = 0;

	/* A capability some session sets cannot be acquired. */
	ck_assert_int_eq(change_caps(b, VMMDEV_GUEST_SUPPORTS_SEAMLESS, 0, NULL,
				     NULL),
			 0);
	ck_assert_int_eq(acquire_caps(a, 0, VMMDEV_GUEST_SUPPORTS_SEAMLESS, 0),
			 -EINVAL);
	ck_assert_int_eq(change_caps(b, 0, VMMDEV_GUEST_SUPPORTS_SEAMLESS, NULL,
				     NULL),
			 0);

	/* Acquire mode: GRAPHICS can no longer be set, only acquired. */
	ck_assert_int_eq(acquire_caps(a, VBGL_IOC_AGC_FLAGS_CONFIG_ACQUIRE_MODE,
				      VMMDEV_GUEST_SUPPORTS_GRAPHICS, 0),
			 0);
	ck_assert_int_eq(change_caps(b, VMMDEV_GUEST_SUPPORTS_GRAPHICS, 0, NULL,
				     NULL),
			 -EBUSY);
	ck_assert_int_eq(acquire_caps(a, 0, VMMDEV_GUEST_SUPPORTS_GRAPHICS, 0),
			 0);
	ck_assert_int_eq(acquire_caps(b, 0, VMMDEV_GUEST_SUPPORTS_GRAPHICS, 0),
			 -EBUSY);
	emu_status(&st);
	ck_assert_uint_eq(st.guest_caps, VMMDEV_GUEST_SUPPORTS_GRAPHICS);

	/* Display changes go to the holder only. */
	ck_assert_int_eq(
		change_filter(a, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST, 0), 0);
	ck_assert_int_eq(
		change_filter(b, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST, 0), 0);
	vmmdev_emu_raise_events(emu, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);
	ck_assert_int_eq(wait_events(b, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST,
				     200, &events),
			 -ETIMEDOUT);
	ck_assert_int_eq(wait_events(a, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST,
				     5000, &events),
			 0);
	ck_assert_uint_eq(events, VMMDEV_EVENT_DISPLAY_CHANGE_REQUEST);

	/* Acquiring SEAMLESS makes a seamless request pending for the holder. */
	ck_assert_int_eq(acquire_caps(b, 0, VMMDEV_GUEST_SUPPORTS_SEAMLESS, 0),
			 0);
	ck_assert_int_eq(wait_events(a,
				     VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST,
				     0, &events),
			 -ETIMEDOUT);
	ck_assert_int_eq(wait_events(b,
				     VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST,
				     0, &events),
			 0);
	ck_assert_uint_eq(events, VMMDEV_EVENT_SEAMLESS_MODE_CHANGE_REQUEST);

	/* Closing releases: another session can take GRAPHICS now. */
	kcore_session_close(a);
	emu_status(&st);
	ck_assert_uint_eq(st.guest_caps, VMMDEV_GUEST_SUPPORTS_SEAMLESS);
	ck_assert_int_eq(acquire_caps(b, 0, VMMDEV_GUEST_SUPPORTS_GRAPHICS, 0),
			 0);
	/* Releasing by not_mask. */
	ck_assert_int_eq(acquire_caps(b, 0, 0,
				      VMMDEV_GUEST_SUPPORTS_GRAPHICS |
					      VMMDEV_GUEST_SUPPORTS_SEAMLESS),
			 0);
	emu_status(&st);
	ck_assert_uint_eq(st.guest_caps, 0);
	kcore_session_close(b);
}
END_TEST

/* ---- session cleanup ---- */

START_TEST(test_close_releases_everything)
{
	struct kcore_session *a = open_session(ROOT_REQUESTOR);
	struct kcore_session *b = open_session(USER_REQUESTOR);
	struct vmmdev_emu_status st;

	ck_assert_uint_eq(kcore_session_count(core), 2);
	ck_assert_int_eq(
		change_filter(
			a,
			VMMDEV_EVENT_VRDP |
				VMMDEV_EVENT_STATISTICS_INTERVAL_CHANGE_REQUEST,
			0),
		0);
	ck_assert_int_eq(change_filter(b, VMMDEV_EVENT_VRDP, 0), 0);
	ck_assert_int_eq(acquire_caps(a, 0, VMMDEV_GUEST_SUPPORTS_GRAPHICS, 0),
			 0);
	ck_assert_int_eq(change_caps(a, VMMDEV_GUEST_SUPPORTS_SEAMLESS, 0, NULL,
				     NULL),
			 0);
	hgcm_connect_ok(a);
	hgcm_connect_ok(a);
	hgcm_connect_ok(b);
	ck_assert(wait_until(hgcm_host_client_count(host) == 3, 2000));

	kcore_session_close(a);
	emu_status(&st);
	/* b still holds VRDP; a's bits, caps and clients are gone. */
	ck_assert_uint_eq(st.filter_mask, FIXED_EVENTS | VMMDEV_EVENT_VRDP);
	ck_assert_uint_eq(st.guest_caps, 0);
	ck_assert(wait_until(hgcm_host_client_count(host) == 1, 2000));
	ck_assert_uint_eq(kcore_session_count(core), 1);

	kcore_session_close(b);
	emu_status(&st);
	ck_assert_uint_eq(st.filter_mask, FIXED_EVENTS);
	ck_assert(wait_until(hgcm_host_client_count(host) == 0, 2000));
	ck_assert_uint_eq(kcore_session_count(core), 0);
}
END_TEST

/* ---- HGCM ---- */

START_TEST(test_hgcm_connect_and_disconnect)
{
	struct kcore_session *s = open_session(USER_REQUESTOR);
	struct call64 c;
	uint32_t id, bad;
	int32_t rc;

	ck_assert_int_eq(hgcm_connect(s, "NoSuchService", &bad, &rc), 0);
	ck_assert_int_eq(rc, VERR_HGCM_SERVICE_NOT_FOUND);
	ck_assert_uint_eq(bad, 0);

	id = hgcm_connect_ok(s);
	ck_assert_int_eq(hgcm_disconnect(s, id, &rc), 0);
	ck_assert_int_eq(rc, VINF_SUCCESS);
	/* The id is no longer the session's. */
	ck_assert_int_eq(hgcm_disconnect(s, id, NULL), -EINVAL);
	call_init(&c, id, HOSTSIMTEST_FN_ADD, 2, UINT32_MAX);
	parm_u32(&c, 0, 1);
	parm_u64(&c, 1, 1);
	ck_assert_int_eq(call_do(s, &c), -EINVAL);
	kcore_session_close(s);
}
END_TEST

START_TEST(test_hgcm_client_limit)
{
	struct kcore_session *s = open_session(ROOT_REQUESTOR);
	struct kcore_session *other = open_session(ROOT_REQUESTOR);
	uint32_t id;
	int32_t rc;
	int i;

	for (i = 0; i < 64; i++)
		hgcm_connect_ok(s);
	ck_assert_int_eq(hgcm_connect(s, HOSTSIMTEST_SERVICE_NAME, &id, &rc),
			 -EMFILE);
	/* Per session: another one still connects. */
	id = hgcm_connect_ok(other);
	/* A client of another session is not ours to use. */
	ck_assert_int_eq(hgcm_disconnect(s, id, NULL), -EINVAL);
	kcore_session_close(s);
	kcore_session_close(other);
	ck_assert(wait_until(hgcm_host_client_count(host) == 0, 2000));
}
END_TEST

START_TEST(test_hgcm_values_and_buffers)
{
	struct kcore_session *s = open_session(USER_REQUESTOR);
	uint32_t id = hgcm_connect_ok(s);
	char in[300], out[400], inv[64];
	unsigned char fill[100];
	struct call64 c;
	unsigned int i;
	uint64_t sum = 0;

	/* ADD: values travel both ways. */
	call_init(&c, id, HOSTSIMTEST_FN_ADD, 2, UINT32_MAX);
	parm_u32(&c, 0, 41);
	parm_u64(&c, 1, 0xfffffffffull);
	ck_assert_int_eq(call_do(s, &c), 0);
	ck_assert_int_eq(c.hdr.hdr.rc, VINF_SUCCESS);
	ck_assert_uint_eq(c.parms[0].u.value32, 42);
	ck_assert_uint_eq(c.parms[1].u.value64, 0x1000000000ull);
	ck_assert_uint_eq(c.hdr.hdr.size_out, sizeof(c.hdr) + 2 * 16);

	/* ECHO: in buffer to out buffer, host size reported back. */
	for (i = 0; i < sizeof(in); i++)
		in[i] = (char)(i * 7);
	memset(out, 'z', sizeof(out));
	call_init(&c, id, HOSTSIMTEST_FN_ECHO, 2, UINT32_MAX);
	parm_buf(&c, 0, VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, in, sizeof(in));
	parm_buf(&c, 1, VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, out, sizeof(out));
	ck_assert_int_eq(call_do(s, &c), 0);
	ck_assert_int_eq(c.hdr.hdr.rc, VINF_SUCCESS);
	ck_assert_int_eq(memcmp(in, out, sizeof(in)), 0);
	ck_assert_uint_eq(c.parms[1].u.pointer.size, sizeof(in));
	/* Only the returned size came back; the rest is untouched. */
	ck_assert_int_eq(out[sizeof(in)], 'z');

	/* FILL: an out buffer reaches the host zero-filled, whatever it held. */
	memset(fill, 0xab, sizeof(fill));
	call_init(&c, id, HOSTSIMTEST_FN_FILL, 4, UINT32_MAX);
	parm_u32(&c, 0, 0x11);
	parm_u32(&c, 1, 10);
	parm_buf(&c, 2, VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, fill, sizeof(fill));
	parm_u32(&c, 3, 12345);
	ck_assert_int_eq(call_do(s, &c), 0);
	ck_assert_int_eq(c.hdr.hdr.rc, VINF_SUCCESS);
	ck_assert_uint_eq(c.parms[3].u.value32, 0);
	ck_assert_uint_eq(c.parms[2].u.pointer.size, 10);
	ck_assert_uint_eq(fill[0], 0x11);
	ck_assert_uint_eq(fill[9], 0x11);
	ck_assert_uint_eq(fill[10], 0xab);

	/* SUM: an in buffer never comes back, even if the host scribbles. */
	call_init(&c, id, HOSTSIMTEST_FN_SUM, 2, UINT32_MAX);
	parm_buf(&c, 0, VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, in, sizeof(in));
	parm_u64(&c, 1, 0);
	ck_assert_int_eq(call_do(s, &c), 0);
	for (i = 0; i < sizeof(in); i++)
		sum += (unsigned char)in[i];
	ck_assert_uint_eq(c.parms[1].u.value64, sum);
	ck_assert_int_eq(in[1], 7);

	/* INVERT: in/out buffer, both directions. */
	for (i = 0; i < sizeof(inv); i++)
		inv[i] = (char)i;
	call_init(&c, id, HOSTSIMTEST_FN_INVERT, 1, UINT32_MAX);
	parm_buf(&c, 0, VMMDEV_HGCM_PARM_TYPE_LINADDR, inv, sizeof(inv));
	ck_assert_int_eq(call_do(s, &c), 0);
	ck_assert_int_eq(c.hdr.hdr.rc, VINF_SUCCESS);
	ck_assert_uint_eq((unsigned char)inv[5], 5 ^ 0xff);

	/* Zero-size buffers are fine. */
	call_init(&c, id, HOSTSIMTEST_FN_ECHO, 2, UINT32_MAX);
	parm_buf(&c, 0, VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, NULL, 0);
	parm_buf(&c, 1, VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, NULL, 0);
	ck_assert_int_eq(call_do(s, &c), 0);
	ck_assert_int_eq(c.hdr.hdr.rc, VINF_SUCCESS);

	/* The service's own errors come back in rc. */
	call_init(&c, id, HOSTSIMTEST_FN_ADD, 1, UINT32_MAX);
	parm_u32(&c, 0, 1);
	ck_assert_int_eq(call_do(s, &c), 0);
	ck_assert_int_eq(c.hdr.hdr.rc, VERR_WRONG_PARAMETER_COUNT);
	kcore_session_close(s);
}
END_TEST

START_TEST(test_hgcm_large_and_unaligned_buffers)
{
	struct kcore_session *s = open_session(ROOT_REQUESTOR);
	uint32_t id = hgcm_connect_ok(s);
	size_t len = 3 * 1024 * 1024 + 17;
	char *in = g_malloc(len), *out = g_malloc0(len + 3);
	struct call64 c;
	size_t i;

	for (i = 0; i < len; i++)
		in[i] = (char)(i ^ (i >> 8));
	call_init(&c, id, HOSTSIMTEST_FN_ECHO, 2, UINT32_MAX);
	parm_buf(&c, 0, VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, in, (uint32_t)len);
	parm_buf(&c, 1, VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, out + 3,
		 (uint32_t)len);
	ck_assert_int_eq(call_do(s, &c), 0);
	ck_assert_int_eq(c.hdr.hdr.rc, VINF_SUCCESS);
	ck_assert_int_eq(memcmp(in, out + 3, len), 0);
	g_free(in);
	g_free(out);
	kcore_session_close(s);
}
END_TEST

/* Install @arg (len bytes) as the argument and run the ioctl; keep the map. */
static long ioc_keep_map(struct kcore_session *s, unsigned int cmd, void *arg,
			 size_t len)
{
	return kcore_ioctl(s, cmd, umap_add(arg, len, true));
}

/*
 * What the core writes into user memory (the ranges the shim records): on
 * success the argument and the host's bytes of an Out buffer, nothing past
 * them; on a failure nothing, except what a copy back wrote before it
 * faulted, as the kernel leaves it.
 */
START_TEST(test_hgcm_user_writes)
{
	struct kcore_session *s = open_session(ROOT_REQUESTOR);
	uint32_t id = hgcm_connect_ok(s);
	char in[40], out[64];
	struct call64 c;
	unsigned int i;
	uint32_t size;

	memset(in, 'i', sizeof(in));
	memset(out, 'o', sizeof(out));
	call_init(&c, id, HOSTSIMTEST_FN_FILL, 4, UINT32_MAX);
	size = c.hdr.hdr.size_in;
	parm_u32(&c, 0, 'x');
	parm_u32(&c, 1, 10);
	parm_buf(&c, 2, VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, out, sizeof(out));
	parm_u32(&c, 3, 0);
	ck_assert_int_eq(
		ioc_keep_map(s, VBG_IOCTL_HGCM_CALL_64(size), &c, size), 0);
	ck_assert_int_eq(c.hdr.hdr.rc, VINF_SUCCESS);
	ck_assert_uint_eq(umap.r[0].dirty_lo, 0);
	ck_assert_uint_eq(umap.r[0].dirty_hi, 10);
	ck_assert_uint_eq(umap.r[1].dirty_lo, 0);
	ck_assert_uint_eq(umap.r[1].dirty_hi, size);
	umap_reset();
	ck_assert_int_eq(out[9], 'x');
	ck_assert_int_eq(out[10], 'o');

	/* Refused before the host sees it: nothing written anywhere. */
	call_init(&c, 0x7654321, HOSTSIMTEST_FN_FILL, 4, UINT32_MAX);
	parm_u32(&c, 0, 'y');
	parm_u32(&c, 1, 10);
	parm_buf(&c, 2, VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, out, sizeof(out));
	parm_u32(&c, 3, 0);
	ck_assert_int_eq(ioc_keep_map(s, VBG_IOCTL_HGCM_CALL_64(size), &c,
				      size),
			 -EINVAL);
	for (i = 0; i < 2; i++)
		ck_assert_uint_eq(umap.r[i].dirty_hi, 0);
	umap_reset();
	ck_assert_int_eq(c.hdr.hdr.rc, RC_SENTINEL);

	/* ECHO of 40 into 64 bytes of which 16 are mapped: EFAULT, 16 kept. */
	call_init(&c, id, HOSTSIMTEST_FN_ECHO, 2, UINT32_MAX);
	size = c.hdr.hdr.size_in;
	parm_buf(&c, 0, VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, in, sizeof(in));
	c.parms[1].type = VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT;
	c.parms[1].u.pointer.size = sizeof(out);
	c.parms[1].u.pointer.u.linear_addr = umap_add(out, 16, true);
	ck_assert_int_eq(ioc_keep_map(s, VBG_IOCTL_HGCM_CALL_64(size), &c,
				      size),
			 -EFAULT);
	ck_assert_uint_eq(umap.r[0].dirty_hi, 0);
	ck_assert_uint_eq(umap.r[1].dirty_lo, 0);
	ck_assert_uint_eq(umap.r[1].dirty_hi, 16);
	ck_assert_uint_eq(umap.r[2].dirty_hi, 0);
	umap_reset();
	ck_assert_int_eq(memcmp(out, in, 16), 0);
	ck_assert_int_eq(out[16], 'o');
	ck_assert_int_eq(c.hdr.hdr.rc, RC_SENTINEL);
	kcore_session_close(s);
}
END_TEST

START_TEST(test_hgcm_call32)
{
	struct kcore_session *s = open_session(USER_REQUESTOR);
	uint32_t id = hgcm_connect_ok(s);
	struct {
		struct vbg_ioctl_hgcm_call hdr;
		struct vmmdev_hgcm_function_parameter32 parms[2];
	} c;
	char in[10] = "abcdefghi", out[16];
	size_t size = sizeof(c);

	memset(&c, 0, sizeof(c));
	hdr_init(&c.hdr.hdr, size, size, 0);
	c.hdr.client_id = id;
	c.hdr.function = HOSTSIMTEST_FN_ADD;
	c.hdr.timeout_ms = UINT32_MAX;
	c.hdr.parm_count = 2;
	c.parms[0].type = VMMDEV_HGCM_PARM_TYPE_32BIT;
	c.parms[0].u.value32 = 7;
	c.parms[1].type = VMMDEV_HGCM_PARM_TYPE_64BIT;
	c.parms[1].u.value64 = 1ull << 40;
	ck_assert_int_eq(ioc(s, VBG_IOCTL_HGCM_CALL_32(size), &c, size), 0);
	ck_assert_int_eq(c.hdr.hdr.rc, VINF_SUCCESS);
	ck_assert_uint_eq(c.parms[0].u.value32, 8);
	ck_assert_uint_eq(c.parms[1].u.value64, (1ull << 40) + 1);

	/* 32-bit pointers: only reachable if the buffers map below 4 GiB. */
	memset(&c, 0, sizeof(c));
	hdr_init(&c.hdr.hdr, size, size, 0);
	c.hdr.client_id = id;
	c.hdr.function = HOSTSIMTEST_FN_ECHO;
	c.hdr.timeout_ms = UINT32_MAX;
	c.hdr.parm_count = 2;
	c.parms[0].type = VMMDEV_HGCM_PARM_TYPE_LINADDR_IN;
	c.parms[0].u.pointer.size = sizeof(in);
	c.parms[0].u.pointer.u.linear_addr = 0x10000;
	c.parms[1].type = VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT;
	c.parms[1].u.pointer.size = sizeof(out);
	c.parms[1].u.pointer.u.linear_addr = 0x20000;
	umap.r[0] = (struct kshim_user_region){
		.uaddr = 0x10000,
		.len = sizeof(in),
		.kaddr = in,
	};
	umap.r[1] = (struct kshim_user_region){
		.uaddr = 0x20000,
		.len = sizeof(out),
		.kaddr = out,
		.writable = true,
	};
	umap.n = 2;
	kshim_user_map_set(umap.r, umap.n);
	ck_assert_int_eq(ioc(s, VBG_IOCTL_HGCM_CALL_32(size), &c, size), 0);
	ck_assert_int_eq(c.hdr.hdr.rc, VINF_SUCCESS);
	ck_assert_str_eq(out, "abcdefghi");
	ck_assert_uint_eq(c.parms[1].u.pointer.size, sizeof(in));
	kcore_session_close(s);
}
END_TEST

START_TEST(test_hgcm_buffer_limits)
{
	struct kcore_session *s = open_session(ROOT_REQUESTOR);
	uint32_t id = hgcm_connect_ok(s);
	/* On the heap: a stack array could border the mapped call buffer. */
	char *small = g_malloc0(16);
	struct call64 c;
	unsigned int i;

	/* Above 24 MiB: refused in rc, before anything is read. */
	call_init(&c, id, HOSTSIMTEST_FN_SUM, 2, UINT32_MAX);
	parm_buf(&c, 0, VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, small, 16);
	c.parms[0].u.pointer.size = 24 * 1024 * 1024 + 1;
	parm_u64(&c, 1, 0);
	ck_assert_int_eq(call_do(s, &c), 0);
	ck_assert_int_eq(c.hdr.hdr.rc, VERR_OUT_OF_RANGE);

	/* Within the per-buffer limit, but above 128 MiB for the call. */
	call_init(&c, id, HOSTSIMTEST_FN_SUM, 6, UINT32_MAX);
	for (i = 0; i < 6; i++)
		parm_buf(&c, i, VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, small, 16);
	for (i = 0; i < 6; i++)
		c.parms[i].u.pointer.size = 24 * 1024 * 1024;
	ck_assert_int_eq(call_do(s, &c), 0);
	ck_assert_int_eq(c.hdr.hdr.rc, VERR_OUT_OF_RANGE);

	/* A buffer outside the caller's memory faults. */
	call_init(&c, id, HOSTSIMTEST_FN_SUM, 2, UINT32_MAX);
	parm_buf(&c, 0, VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, small, 16);
	c.parms[0].u.pointer.size = 16 + 1;
	parm_u64(&c, 1, 0);
	ck_assert_int_eq(call_do(s, &c), -EFAULT);
	ck_assert_int_eq(c.hdr.hdr.rc, RC_SENTINEL);

	/* An out buffer the caller cannot write faults on the way back. */
	call_init(&c, id, HOSTSIMTEST_FN_FILL, 4, UINT32_MAX);
	parm_u32(&c, 0, 1);
	parm_u32(&c, 1, 4);
	c.parms[2].type = VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT;
	c.parms[2].u.pointer.size = 16;
	c.parms[2].u.pointer.u.linear_addr = umap_add(small, 16, false);
	parm_u32(&c, 3, 0);
	ck_assert_int_eq(call_do(s, &c), -EFAULT);
	g_free(small);
	kcore_session_close(s);
}
END_TEST

struct caller {
	struct kcore_session *s;
	uint32_t client_id;
	uint32_t delay_ms;
	uint32_t timeout_ms;
	long ret;
	int32_t rc;
	unsigned long took_ms;
	struct task_struct *_Atomic task;
	pthread_t thread;
};

static void *delay_caller(void *arg)
{
	struct caller *cl = arg;
	unsigned long start = now_ms();
	struct call64 c;

	atomic_store(&cl->task, kshim_current_task());
	call_init(&c, cl->client_id, HOSTSIMTEST_FN_DELAY, 1, cl->timeout_ms);
	parm_u32(&c, 0, cl->delay_ms);
	cl->ret = call_do(cl->s, &c);
	cl->rc = c.hdr.hdr.rc;
	cl->took_ms = now_ms() - start;
	return NULL;
}

static void count_delay_cancels(const char *service, int64_t function,
				const char *fn_name,
				const struct hgcm_service_stats *st_svc,
				const struct hgcm_fn_stats *st_fn, void *opaque)
{
	(void)fn_name;
	(void)st_svc;
	if (!strcmp(service, HOSTSIMTEST_SERVICE_NAME) &&
	    function == HOSTSIMTEST_FN_DELAY && st_fn)
		*(uint64_t *)opaque = st_fn->cancelled;
}

/* How many DELAY calls the host saw cancelled. */
static uint64_t delay_cancelled(void)
{
	uint64_t cancelled = 0;

	hgcm_host_foreach_stats(host, count_delay_cancels, &cancelled);
	return cancelled;
}

START_TEST(test_hgcm_timeout_and_signal)
{
	struct kcore_session *s = open_session(ROOT_REQUESTOR);
	uint32_t id = hgcm_connect_ok(s);
	struct caller cl = { .s = s,
			     .client_id = id,
			     .delay_ms = HOSTSIMTEST_DELAY_FOREVER,
			     .timeout_ms = 100 };
	struct call64 c;

	/* Timeout: ETIMEDOUT, the host call is cancelled. */
	delay_caller(&cl);
	ck_assert_int_eq(cl.ret, -ETIMEDOUT);
	ck_assert_uint_ge(cl.took_ms, 100);
	ck_assert_uint_lt(cl.took_ms, 5000);
	ck_assert(wait_until(delay_cancelled() == 1, 2000));

	/* Completes in time: fine. */
	cl.delay_ms = 20;
	cl.timeout_ms = 5000;
	delay_caller(&cl);
	ck_assert_int_eq(cl.ret, 0);
	ck_assert_int_eq(cl.rc, VINF_SUCCESS);

	/* A signal interrupts a call that would wait for ever. */
	memset(&cl, 0, sizeof(cl));
	cl.s = s;
	cl.client_id = id;
	cl.delay_ms = HOSTSIMTEST_DELAY_FOREVER;
	cl.timeout_ms = UINT32_MAX;
	pthread_create(&cl.thread, NULL, delay_caller, &cl);
	ck_assert(wait_until(atomic_load(&cl.task) != NULL, 2000));
	sleep_ms(50);
	kshim_task_signal(atomic_load(&cl.task));
	pthread_join(cl.thread, NULL);
	ck_assert_int_eq(cl.ret, -EINTR);
	ck_assert(wait_until(delay_cancelled() == 2, 2000));

	/* The client still works. */
	call_init(&c, id, HOSTSIMTEST_FN_ADD, 2, UINT32_MAX);
	parm_u32(&c, 0, 1);
	parm_u64(&c, 1, 2);
	ck_assert_int_eq(call_do(s, &c), 0);
	ck_assert_uint_eq(c.parms[1].u.value64, 3);
	kcore_session_close(s);
}
END_TEST

struct echo_job {
	struct kcore_session *s;
	uint32_t client_id;
	unsigned int seed;
	int failures;
};

static void *echo_worker(void *arg)
{
	struct echo_job *job = arg;
	char in[2048], out[2048];
	struct call64 c;
	unsigned int round, i, len;

	for (round = 0; round < 40; round++) {
		len = 1 + (job->seed * 131 + round * 17) % sizeof(in);
		for (i = 0; i < len; i++)
			in[i] = (char)(job->seed + round + i);
		call_init(&c, job->client_id, HOSTSIMTEST_FN_ECHO, 2, 10000);
		parm_buf(&c, 0, VMMDEV_HGCM_PARM_TYPE_LINADDR_IN, in, len);
		parm_buf(&c, 1, VMMDEV_HGCM_PARM_TYPE_LINADDR_OUT, out, len);
		if (call_do(job->s, &c) || c.hdr.hdr.rc != VINF_SUCCESS ||
		    memcmp(in, out, len))
			job->failures++;
	}
	return NULL;
}

START_TEST(test_hgcm_concurrent_calls)
{
	struct kcore_session *s = open_session(USER_REQUESTOR);
	uint32_t id = hgcm_connect_ok(s);
	struct echo_job jobs[8];
	pthread_t threads[8];
	unsigned int i;

	for (i = 0; i < 8; i++) {
		jobs[i] =
			(struct echo_job){ .s = s, .client_id = id, .seed = i };
		pthread_create(&threads[i], NULL, echo_worker, &jobs[i]);
	}
	for (i = 0; i < 8; i++) {
		pthread_join(threads[i], NULL);
		ck_assert_int_eq(jobs[i].failures, 0);
	}
	kcore_session_close(s);
}
END_TEST

/* ---- VMMDev pass-through ---- */

START_TEST(test_vmmdev_passthrough)
{
	struct kcore_session *root = open_session(ROOT_REQUESTOR);
	struct kcore_session *user = open_session(USER_REQUESTOR);
	struct vmmdev_host_version hv;
	struct vmmdev_report_guest_stats stats;
	struct vmmdev_session_id sid;
	struct vmmdev_write_core_dump dump;

	memset(&hv, 0, sizeof(hv));
	hdr_init((void *)&hv, sizeof(hv), sizeof(hv),
		 VMMDEVREQ_GET_HOST_VERSION);
	ck_assert_int_eq(ioc(user, VBG_IOCTL_VMMDEV_REQUEST(sizeof(hv)), &hv,
			     sizeof(hv)),
			 0);
	ck_assert_int_eq(hv.header.rc, VINF_SUCCESS);
	ck_assert_uint_eq(hv.major, 7);
	ck_assert_uint_eq(hv.revision, 161095);
	ck_assert_uint_eq(hv.features, VMMDEV_EMU_HOST_FEATURES);

	/* The big request numbers (both spellings) work the same way. */
	memset(&sid, 0, sizeof(sid));
	hdr_init((void *)&sid, sizeof(sid), 0, VMMDEVREQ_GET_SESSION_ID);
	ck_assert_int_eq(
		ioc(user, VBG_IOCTL_VMMDEV_REQUEST_BIG, &sid, sizeof(sid)), 0);
	ck_assert_int_eq(sid.header.rc, VINF_SUCCESS);
	ck_assert_uint_ne(sid.session_id, 0);
	hdr_init((void *)&sid, sizeof(sid), sizeof(sid),
		 VMMDEVREQ_GET_SESSION_ID);
	ck_assert_int_eq(ioc(user, _IOC(_IOC_READ | _IOC_WRITE, 'V', 3, 0),
			     &sid, sizeof(sid)),
			 0);
	ck_assert_int_eq(sid.header.rc, VINF_SUCCESS);

	/* Trusted requests: /dev/vboxguest only. */
	memset(&stats, 0, sizeof(stats));
	hdr_init((void *)&stats, sizeof(stats), sizeof(stats),
		 VMMDEVREQ_REPORT_GUEST_STATS);
	stats.stats.page_size = 4096;
	ck_assert_int_eq(ioc(user, VBG_IOCTL_VMMDEV_REQUEST(sizeof(stats)),
			     &stats, sizeof(stats)),
			 -EPERM);
	ck_assert_int_eq(stats.header.rc, RC_SENTINEL);
	ck_assert_int_eq(ioc(root, VBG_IOCTL_VMMDEV_REQUEST(sizeof(stats)),
			     &stats, sizeof(stats)),
			 0);
	ck_assert_int_ne(stats.header.rc, RC_SENTINEL);

	/* WRITE_CORE_DUMP reaches the host with the session's requestor. */
	memset(&dump, 0, sizeof(dump));
	hdr_init((void *)&dump, sizeof(dump), sizeof(dump),
		 VMMDEVREQ_WRITE_COREDUMP);
	ck_assert_int_eq(ioc(user, VBG_IOCTL_VMMDEV_REQUEST(sizeof(dump)),
			     &dump, sizeof(dump)),
			 -EPERM);
	{
		struct vbg_ioctl_write_coredump wc;

		hdr_init(&wc.hdr, sizeof(wc), HDR_SIZE, 0);
		wc.u.in.flags = 0;
		ck_assert_int_eq(ioc(user, VBG_IOCTL_WRITE_CORE_DUMP, &wc,
				     sizeof(wc)),
				 0);
		ck_assert_int_ne(wc.hdr.rc, RC_SENTINEL);
	}
	kcore_session_close(root);
	kcore_session_close(user);
}
END_TEST

START_TEST(test_driver_version_and_log)
{
	struct kcore_session *s = open_session(USER_REQUESTOR);
	struct vbg_ioctl_driver_version_info info;
	struct {
		struct vbg_ioctl_hdr hdr;
		char text[32];
	} msg;

	ck_assert_int_eq(driver_version(s, 0x10000, 0x10000, &info), 0);
	ck_assert_int_eq(info.hdr.rc, VINF_SUCCESS);
	ck_assert_uint_eq(info.u.out.session_version, 0x10000);
	ck_assert_uint_eq(info.u.out.driver_version, 0x10000);
	ck_assert_uint_eq(info.hdr.size_out, 44);

	/* A newer major than the driver knows: rc, not errno. */
	ck_assert_int_eq(driver_version(s, 0x20000, 0x20000, &info), 0);
	ck_assert_int_eq(info.hdr.rc, VERR_VERSION_MISMATCH);
	ck_assert_uint_eq(info.u.out.session_version, UINT32_MAX);

	/* LOG: text by length, not necessarily NUL-terminated. */
	memcpy(msg.text, "hello from the guest!-----------", sizeof(msg.text));
	hdr_init(&msg.hdr, HDR_SIZE + 21, HDR_SIZE, 0);
	ck_assert_int_eq(ioc(s, VBG_IOCTL_LOG(0), &msg, sizeof(msg)), 0);
	ck_assert(log_contains("hello from the guest!\n"));
	kcore_session_close(s);
}
END_TEST

/* The core's one translation of VBox status codes (not in kcore.h). */
int vbg_status_code_to_errno(int rc);

START_TEST(test_status_to_errno)
{
	static const struct {
		int rc, err;
	} table[] = {
		{ VINF_SUCCESS, 0 },
		{ VINF_BUFFER_OVERFLOW, 0 },
		{ VINF_HGCM_ASYNC_EXECUTE, 0 },
		{ VERR_ACCESS_DENIED, -EPERM },
		{ VERR_INVALID_PARAMETER, -EINVAL },
		{ VERR_PATH_NOT_FOUND, -ENOTDIR },
		{ VERR_INVALID_NAME, -ENOENT },
		{ VERR_NOT_SUPPORTED, -ENOSYS },
		{ VERR_NOT_IMPLEMENTED, -ENOSYS },
		{ VERR_TOO_MANY_OPEN_FILES, -ENFILE },
		{ VERR_TIMEOUT, -ETIMEDOUT },
		{ VERR_INTERRUPTED, -EINTR },
		{ VERR_NO_MORE_FILES, -ENODATA },
		{ VERR_RESOURCE_BUSY, -EBUSY },
		{ VERR_NET_CONNECTION_REFUSED, -ECONNREFUSED },
		{ VERR_NET_IN_PROGRESS, -EINPROGRESS },
		{ VERR_NOT_FOUND, -EPROTO },
		{ VERR_BUFFER_OVERFLOW, -EPROTO },
		{ VERR_OUT_OF_RANGE, -EPROTO },
		{ VERR_HGCM_SERVICE_NOT_FOUND, -EPROTO },
		{ VERR_WRONG_PARAMETER_COUNT, -EPROTO },
		{ -1000000, -EPROTO },
	};
	unsigned int i;

	for (i = 0; i < G_N_ELEMENTS(table); i++)
		ck_assert_msg(
			vbg_status_code_to_errno(table[i].rc) == table[i].err,
			"status %d: got %d, expected %d", table[i].rc,
			vbg_status_code_to_errno(table[i].rc), table[i].err);
}
END_TEST

/* ---- balloon ---- */

static long check_balloon(struct kcore_session *s, uint32_t *chunks,
			  uint8_t *in_r3)
{
	struct vbg_ioctl_check_balloon b;
	long ret;

	memset(&b, 0xff, sizeof(b));
	hdr_init(&b.hdr, HDR_SIZE, sizeof(b), 0);
	ret = ioc(s, VBG_IOCTL_CHECK_BALLOON, &b, sizeof(b));
	*chunks = b.u.out.balloon_chunks;
	*in_r3 = b.u.out.handle_in_r3;
	return ret;
}

START_TEST(test_balloon_follows_host)
{
	struct kcore_session *s = open_session(ROOT_REQUESTOR);
	struct vmmdev_emu_balloon b;
	uint32_t chunks;
	uint8_t in_r3;

	vmmdev_emu_request_balloon(emu, 8);
	ck_assert(wait_until(kcore_balloon_chunks(core) == 8, 5000));
	vmmdev_emu_get_balloon(emu, &b);
	ck_assert_uint_eq(b.pages_held, 8 * 256);
	ck_assert_uint_eq(b.acked_mib, 8);
	ck_assert_int_eq(check_balloon(s, &chunks, &in_r3), 0);
	ck_assert_uint_eq(chunks, 8);
	ck_assert_uint_eq(in_r3, 0);

	/* The balloon event is the kernel's: it never reaches a waiter. */
	ck_assert_int_eq(
		change_filter(s, VMMDEV_EVENT_BALLOON_CHANGE_REQUEST, 0), 0);
	vmmdev_emu_request_balloon(emu, 3);
	ck_assert(wait_until(kcore_balloon_chunks(core) == 3, 5000));
	ck_assert_int_eq(wait_events(s, VMMDEV_EVENT_BALLOON_CHANGE_REQUEST, 50,
				     NULL),
			 -ETIMEDOUT);
	vmmdev_emu_get_balloon(emu, &b);
	ck_assert_uint_eq(b.pages_held, 3 * 256);

	/* More than the guest has: refused, with a log line. */
	vmmdev_emu_request_balloon(emu, RAM_MIB + 1);
	ck_assert(wait_until(log_contains("exceeds the maximum"), 5000));
	ck_assert_uint_eq(kcore_balloon_chunks(core), 3);

	/* Unloading gives every page back. */
	kcore_session_close(s);
	kcore_stop(core);
	core = NULL;
	vmmdev_emu_get_balloon(emu, &b);
	ck_assert_uint_eq(b.pages_held, 0);
}
END_TEST

/* ---- malformed ioctls ---- */

enum bad_kind {
	BAD_PLAIN,	    /* buffer as built, fully mapped */
	BAD_UNMAPPED,	    /* nothing mapped */
	BAD_HEADER_ONLY,    /* only the 24-byte header mapped */
	BAD_READONLY,	    /* mapped read-only */
	BAD_FOREIGN_CLIENT, /* HGCM call for another session's client */
};

struct bad_ioctl {
	const char *name;
	unsigned int cmd;
	uint32_t size_in, size_out, type, version;
	enum bad_kind kind;
	/* Payload words after the header (@24, @28, ...). */
	uint32_t w[6];
	/* HGCM call: parm_count and the first parameter type. */
	uint16_t parm_count;
	uint32_t parm_type;
	int expect;
};

#define V	   VBG_IOCTL_HDR_VERSION
#define CALL64(s)  VBG_IOCTL_HGCM_CALL_64(s)
#define REQ(s)	   VBG_IOCTL_VMMDEV_REQUEST(s)
#define OWN_CLIENT 0xc11e0001u /* replaced by the session's client */

static const struct bad_ioctl bad_ioctls[] = {
	{ "header not mapped", VBG_IOCTL_WAIT_FOR_EVENTS, 32, 28, 0, V,
	  .kind = BAD_UNMAPPED, .expect = -EFAULT },
	{ "payload not mapped", VBG_IOCTL_WAIT_FOR_EVENTS, 32, 28, 0, V,
	  .kind = BAD_HEADER_ONLY, .expect = -EFAULT },
	{ "output not writable", VBG_IOCTL_DRIVER_VERSION_INFO, 40, 44, 0, V,
	  .kind = BAD_READONLY, .w = { 0x10000, 0x10000 }, .expect = -EFAULT },
	{ "bad version", VBG_IOCTL_WAIT_FOR_EVENTS, 32, 28, 0, 0x10002,
	  .expect = -EINVAL },
	{ "version zero", VBG_IOCTL_WAIT_FOR_EVENTS, 32, 28, 0, 0,
	  .expect = -EINVAL },
	{ "size_in below header", _IOC(_IOC_READ | _IOC_WRITE, 'V', 12, 0), 23,
	  24, 0, V, .expect = -EINVAL },
	{ "size_out below header", VBG_IOCTL_CHANGE_FILTER_MASK, 32, 23, 0, V,
	  .expect = -EINVAL },
	{ "number size differs", VBG_IOCTL_DRIVER_VERSION_INFO, 40, 40, 0, V,
	  .expect = -EINVAL },
	{ "argument above 16 MiB", VBG_IOCTL_VMMDEV_REQUEST_BIG,
	  16 * 1024 * 1024 + 4, 16 * 1024 * 1024 + 4,
	  VMMDEVREQ_GET_HOST_VERSION, V, .expect = -E2BIG },
	{ "type on a plain ioctl", VBG_IOCTL_WAIT_FOR_EVENTS, 32, 28, 4, V,
	  .expect = -EINVAL },
	{ "unknown number", _IOC(_IOC_READ | _IOC_WRITE, 'V', 1, 24), 24, 24, 0,
	  V, .expect = -ENOTTY },
	{ "unknown magic", _IOC(_IOC_READ | _IOC_WRITE, 'X', 10, 32), 32, 28, 0,
	  V, .expect = -ENOTTY },
	{ "upstream SET_MOUSE_STATUS",
	  _IOC(_IOC_READ | _IOC_WRITE, 'V', 15, 28), 28, 24, 0, V,
	  .expect = -ENOTTY },
	{ "upstream CHANGE_BALLOON", _IOC(_IOC_READ | _IOC_WRITE, 'V', 18, 40),
	  40, 24, 0, V, .expect = -ENOTTY },
	{ "unknown number with a type",
	  _IOC(_IOC_READ | _IOC_WRITE, 'V', 1, 24), 24, 24, 7, V,
	  .expect = -EINVAL },
	{ "version info sized wrong", VBG_IOCTL_DRIVER_VERSION_INFO, 44, 44, 0,
	  V, .w = { 0x10000, 0x10000 }, .expect = -EINVAL },
	{ "version info min above req", VBG_IOCTL_DRIVER_VERSION_INFO, 40, 44,
	  0, V, .w = { 0x10000, 0x10001 }, .expect = -EINVAL },
	{ "version info majors differ", VBG_IOCTL_DRIVER_VERSION_INFO, 40, 44,
	  0, V, .w = { 0x20000, 0x10000 }, .expect = -EINVAL },
	{ "wait size_out zero", VBG_IOCTL_WAIT_FOR_EVENTS, 32, 0, 0, V,
	  .expect = -EINVAL },
	{ "wait under another size", _IOC(_IOC_READ | _IOC_WRITE, 'V', 10, 28),
	  28, 28, 0, V, .expect = -ENOTTY },
	{ "wait short input", VBG_IOCTL_WAIT_FOR_EVENTS, 28, 32, 0, V,
	  .expect = -EINVAL },
	{ "filter bits outside 0x7ff", VBG_IOCTL_CHANGE_FILTER_MASK, 32, 24, 0,
	  V, .w = { 0x800, 0 }, .expect = -EINVAL },
	{ "filter not bits outside", VBG_IOCTL_CHANGE_FILTER_MASK, 32, 24, 0, V,
	  .w = { 0, 0x80000000 }, .expect = -EINVAL },
	{ "filter with output", _IOC(_IOC_READ | _IOC_WRITE, 'V', 12, 32), 32,
	  32, 0, V, .expect = -EINVAL },
	{ "acquire unknown flag", VBG_IOCTL_ACQUIRE_GUEST_CAPABILITIES, 36, 24,
	  0, V, .w = { 2, 1, 0 }, .expect = -EINVAL },
	{ "acquire cap outside 0x7", VBG_IOCTL_ACQUIRE_GUEST_CAPABILITIES, 36,
	  24, 0, V, .w = { 0, 8, 0 }, .expect = -EINVAL },
	{ "change caps outside 0x7", VBG_IOCTL_CHANGE_GUEST_CAPABILITIES, 32,
	  32, 0, V, .w = { 0, 0x10 }, .expect = -EINVAL },
	{ "check balloon with input", _IOC(_IOC_READ | _IOC_WRITE, 'V', 17, 32),
	  32, 32, 0, V, .expect = -EINVAL },
	{ "interrupt-all with output", VBG_IOCTL_INTERRUPT_ALL_WAIT_FOR_EVENTS,
	  24, 32, 0, V, .expect = -EINVAL },
	{ "core dump with output", VBG_IOCTL_WRITE_CORE_DUMP, 28, 28, 0, V,
	  .expect = -EINVAL },
	{ "log with output", VBG_IOCTL_LOG(0), 30, 28, 0, V,
	  .expect = -EINVAL },
	{ "request sizes differ", REQ(44), 40, 44, VMMDEVREQ_GET_HOST_VERSION,
	  V, .expect = -EINVAL },
	{ "request type zero", REQ(40), 40, 40, 0, V, .expect = -EINVAL },
	{ "request above 1 MiB", VBG_IOCTL_VMMDEV_REQUEST_BIG, 1024 * 1024 + 4,
	  1024 * 1024 + 4, VMMDEVREQ_LOG_STRING, V, .expect = -E2BIG },
	{ "request HGCMConnect", REQ(168), 168, 168, VMMDEVREQ_HGCM_CONNECT, V,
	  .expect = -EPERM },
	{ "request ReportGuestInfo", REQ(32), 32, 32,
	  VMMDEVREQ_REPORT_GUEST_INFO, V, .expect = -EPERM },
	{ "request ChangeMemBalloon", VBG_IOCTL_VMMDEV_REQUEST_BIG, 2080, 2080,
	  VMMDEVREQ_CHANGE_MEMBALLOON, V, .expect = -EPERM },
	{ "request GetMemBalloonChange", REQ(36), 36, 36,
	  VMMDEVREQ_GET_MEMBALLOON_CHANGE_REQ, V, .expect = -EPERM },
	{ "request SetGuestCapabilities", REQ(32), 32, 32,
	  VMMDEVREQ_SET_GUEST_CAPABILITIES, V, .expect = -EPERM },
	{ "request HeartbeatConfigure", REQ(36), 36, 36,
	  VMMDEVREQ_HEARTBEAT_CONFIGURE, V, .expect = -EPERM },
	{ "request GetMouseStatusEx", REQ(48), 48, 48, 223, V,
	  .expect = -EPERM },
	{ "request unknown type", REQ(32), 32, 32, 4242, V, .expect = -EPERM },
	{ "trusted request on vboxuser", REQ(32), 32, 32,
	  VMMDEVREQ_GET_STATISTICS_CHANGE_REQ, V, .expect = -EPERM },
	{ "call shorter than its header", CALL64(32), 32, 32, 0, V,
	  .expect = -EINVAL },
	{ "call sizes differ", _IOC(_IOC_READ | _IOC_WRITE, 'V', 7, 0), 56, 72,
	  0, V, .parm_count = 1, .parm_type = 1, .expect = -EINVAL },
	{ "call with 33 parameters", CALL64(40 + 33 * 16), 40 + 33 * 16,
	  40 + 33 * 16, 0, V, .w = { OWN_CLIENT }, .parm_count = 33,
	  .parm_type = 1, .expect = -E2BIG },
	{ "call client 0", CALL64(56), 56, 56, 0, V, .w = { 0 },
	  .parm_count = 1, .parm_type = 1, .expect = -EINVAL },
	{ "call client all ones", CALL64(56), 56, 56, 0, V, .w = { UINT32_MAX },
	  .parm_count = 1, .parm_type = 1, .expect = -EINVAL },
	{ "call client not connected", CALL64(56), 56, 56, 0, V,
	  .w = { 0x7777 }, .parm_count = 1, .parm_type = 1, .expect = -EINVAL },
	{ "call client of another session", CALL64(56), 56, 56, 0, V,
	  .w = { OWN_CLIENT }, .kind = BAD_FOREIGN_CLIENT, .parm_count = 1,
	  .parm_type = 1, .expect = -EINVAL },
	{ "call parameters past the end", CALL64(56), 56, 56, 0, V,
	  .w = { OWN_CLIENT }, .parm_count = 2, .parm_type = 1,
	  .expect = -EINVAL },
	{ "call PhysAddr parameter", CALL64(56), 56, 56, 0, V,
	  .w = { OWN_CLIENT }, .parm_count = 1, .parm_type = 3,
	  .expect = -EINVAL },
	{ "call kernel LinAddr parameter", CALL64(56), 56, 56, 0, V,
	  .w = { OWN_CLIENT }, .parm_count = 1, .parm_type = 7,
	  .expect = -EINVAL },
	{ "call PageList parameter", CALL64(56), 56, 56, 0, V,
	  .w = { OWN_CLIENT }, .parm_count = 1, .parm_type = 10,
	  .expect = -EINVAL },
	{ "call invalid parameter", CALL64(56), 56, 56, 0, V,
	  .w = { OWN_CLIENT }, .parm_count = 1, .parm_type = 0,
	  .expect = -EINVAL },
	{ "32-bit call parameters past the end", VBG_IOCTL_HGCM_CALL_32(52), 52,
	  52, 0, V, .w = { OWN_CLIENT }, .parm_count = 2, .parm_type = 1,
	  .expect = -EINVAL },
	{ "connect sized wrong", _IOC(_IOC_READ | _IOC_WRITE, 'V', 4, 156), 156,
	  156, 0, V, .expect = -EINVAL },
	{ "disconnect client 0", VBG_IOCTL_HGCM_DISCONNECT, 28, 24, 0, V,
	  .w = { 0 }, .expect = -EINVAL },
	{ "disconnect unknown client", VBG_IOCTL_HGCM_DISCONNECT, 28, 24, 0, V,
	  .w = { 0x7777 }, .expect = -EINVAL },
};

START_TEST(test_malformed_ioctls)
{
	struct kcore_session *user = open_session(USER_REQUESTOR);
	struct kcore_session *other = open_session(USER_REQUESTOR);
	const struct bad_ioctl *b = &bad_ioctls[_i];
	struct vbg_ioctl_driver_version_info info;
	uint32_t own = hgcm_connect_ok(user);
	uint32_t foreign = hgcm_connect_ok(other);
	size_t size = MAX(b->size_in, b->size_out) + 64;
	struct vbg_ioctl_hgcm_call *call;
	struct vbg_ioctl_hdr *hdr;
	uint8_t *buf, *copy;
	unsigned int i;
	uint32_t w;
	long ret;

	buf = g_malloc0(size);
	hdr = (void *)buf;
	hdr->size_in = b->size_in;
	hdr->version = b->version;
	hdr->type = b->type;
	hdr->rc = RC_SENTINEL;
	hdr->size_out = b->size_out;
	for (i = 0; i < G_N_ELEMENTS(b->w); i++) {
		w = b->w[i] == OWN_CLIENT ? own : b->w[i];
		memcpy(buf + HDR_SIZE + 4 * i, &w, 4);
	}
	if (b->kind == BAD_FOREIGN_CLIENT)
		memcpy(buf + HDR_SIZE, &foreign, 4);
	if (b->parm_count) {
		call = (void *)buf;
		call->timeout_ms = UINT32_MAX;
		call->parm_count = b->parm_count;
		memcpy(buf + sizeof(*call), &b->parm_type, 4);
		if (b->parm_count > 1)
			memcpy(buf + sizeof(*call) + 16, &b->parm_type, 4);
	}
	/* VMMDev requests carry their size in the same word. */
	copy = g_memdup2(buf, size);

	switch (b->kind) {
	case BAD_UNMAPPED:
		ret = kcore_ioctl(user, b->cmd, (uintptr_t)buf + UOFF);
		break;
	case BAD_HEADER_ONLY:
		ret = kcore_ioctl(user, b->cmd, umap_add(buf, HDR_SIZE, true));
		break;
	case BAD_READONLY:
		ret = kcore_ioctl(user, b->cmd, umap_add(buf, size, false));
		break;
	default:
		ret = kcore_ioctl(user, b->cmd, umap_add(buf, size, true));
		break;
	}
	umap_reset();

	ck_assert_msg(ret == b->expect, "%s: got %ld, expected %d", b->name,
		      ret, b->expect);
	/* On an errno nothing was copied back. */
	ck_assert_msg(memcmp(buf, copy, size) == 0, "%s: buffer changed",
		      b->name);

	/* The session is still fine. */
	ck_assert_int_eq(driver_version(user, 0x10000, 0x10000, &info), 0);
	ck_assert_int_eq(info.hdr.rc, VINF_SUCCESS);
	ck_assert_int_eq(wait_events(user, VMMDEV_EVENT_VRDP, 0, NULL),
			 -ETIMEDOUT);
	g_free(copy);
	g_free(buf);
	kcore_session_close(user);
	kcore_session_close(other);
}
END_TEST

static Suite *core_suite(void)
{
	Suite *s = suite_create("core");
	TCase *tc;

	tc = tcase_create("lifecycle");
	tcase_add_checked_fixture(tc, core_setup, core_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_init_reports_guest);
	tcase_add_test(tc, test_heartbeat_keeps_beating);
	tcase_add_test(tc, test_exit_clears_host_state);
	tcase_add_test(tc, test_suspend_resume);
	suite_add_tcase(s, tc);

	tc = tcase_create("events");
	tcase_add_checked_fixture(tc, core_setup, core_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_event_wakes_matching_waiter_only);
	tcase_add_test(tc, test_event_stays_pending_until_consumed);
	tcase_add_test(tc, test_event_timeouts);
	tcase_add_test(tc, test_interrupt_all_is_sticky_and_per_session);
	tcase_add_test(tc, test_signal_interrupts_wait);
	suite_add_tcase(s, tc);

	tc = tcase_create("sessions");
	tcase_add_checked_fixture(tc, core_setup, core_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_caps_set_and_report);
	tcase_add_test(tc, test_caps_acquire_rules);
	tcase_add_test(tc, test_close_releases_everything);
	suite_add_tcase(s, tc);

	tc = tcase_create("hgcm");
	tcase_add_checked_fixture(tc, core_setup, core_teardown);
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_hgcm_connect_and_disconnect);
	tcase_add_test(tc, test_hgcm_client_limit);
	tcase_add_test(tc, test_hgcm_values_and_buffers);
	tcase_add_test(tc, test_hgcm_large_and_unaligned_buffers);
	tcase_add_test(tc, test_hgcm_call32);
	tcase_add_test(tc, test_hgcm_user_writes);
	tcase_add_test(tc, test_hgcm_buffer_limits);
	tcase_add_test(tc, test_hgcm_timeout_and_signal);
	tcase_add_test(tc, test_hgcm_concurrent_calls);
	suite_add_tcase(s, tc);

	tc = tcase_create("requests");
	tcase_add_checked_fixture(tc, core_setup, core_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_vmmdev_passthrough);
	tcase_add_test(tc, test_driver_version_and_log);
	tcase_add_test(tc, test_status_to_errno);
	tcase_add_test(tc, test_balloon_follows_host);
	suite_add_tcase(s, tc);

	tc = tcase_create("malformed");
	tcase_add_checked_fixture(tc, core_setup, core_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_malformed_ioctls, 0,
			    G_N_ELEMENTS(bad_ioctls));
	suite_add_tcase(s, tc);

	return s;
}

int main(void)
{
	SRunner *runner = srunner_create(core_suite());
	int failed;

	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
