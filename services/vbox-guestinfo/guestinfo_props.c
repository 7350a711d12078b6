// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The property set and the property cache of vbox-guestinfo (see
 * guestinfo_props.h).
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "services/vbox-guestinfo/guestinfo_props.h"

struct guestinfo_cache {
	GHashTable *values; /* name -> value, as the host has them */
};

char *guestinfo_revision(const char *version)
{
	unsigned int part[3] = { 0, 0, 0 };
	const char *p = version;
	guint64 v;
	char *end;
	int i;

	for (i = 0; i < 3; i++) {
		if (!g_ascii_isdigit(*p))
			return g_strdup("0");
		v = g_ascii_strtoull(p, &end, 10);
		if (v > 999 || (i < 2 && *end != '.'))
			return g_strdup("0");
		part[i] = (unsigned int)v;
		p = end + (i < 2);
	}
	return g_strdup_printf("%u",
			       part[0] * 1000000u + part[1] * 1000u + part[2]);
}

void guestinfo_mac_format(const uint8_t mac[6], char buf[13])
{
	snprintf(buf, 13, "%02X%02X%02X%02X%02X%02X", mac[0], mac[1], mac[2],
		 mac[3], mac[4], mac[5]);
}

static void prop_free(gpointer data)
{
	struct guestinfo_prop *p = data;

	g_free(p->name);
	g_free(p->value);
	g_free(p);
}

static void op_free(gpointer data)
{
	struct guestinfo_op *op = data;

	g_free(op->name);
	g_free(op->value);
	g_free(op);
}

/* Add a property; takes @value (NULL: must not exist). */
static void add(GPtrArray *set, const char *name, char *value,
		unsigned int flags)
{
	struct guestinfo_prop *p = g_new(struct guestinfo_prop, 1);

	p->name = g_strdup(name);
	p->value = value;
	p->flags = flags;
	g_ptr_array_add(set, p);
}

static char *dup_or_empty(const char *s)
{
	return g_strdup(s ? s : "");
}

static char *ipv4(uint32_t addr)
{
	char buf[INET_ADDRSTRLEN];
	struct in_addr a = { .s_addr = addr };

	return g_strdup(inet_ntop(AF_INET, &a, buf, sizeof(buf)));
}

static void add_fixed(GPtrArray *set, const struct guestinfo_input *in)
{
	add(set, "/VirtualBox/GuestInfo/OS/Product",
	    dup_or_empty(in->os.product), 0);
	add(set, "/VirtualBox/GuestInfo/OS/Release",
	    dup_or_empty(in->os.release), 0);
	add(set, "/VirtualBox/GuestInfo/OS/Version",
	    dup_or_empty(in->os.version), 0);
	add(set, "/VirtualBox/GuestInfo/OS/ServicePack",
	    dup_or_empty(in->os.service_pack), 0);
	add(set, "/VirtualBox/GuestAdd/Version", dup_or_empty(in->version), 0);
	add(set, "/VirtualBox/GuestAdd/VersionExt",
	    dup_or_empty(in->version_ext ? in->version_ext : in->version), 0);
	add(set, "/VirtualBox/GuestAdd/Revision", dup_or_empty(in->revision),
	    0);
}

static void add_users(GPtrArray *set, const struct guestinfo_input *in)
{
	g_autoptr(GPtrArray) seen = g_ptr_array_new();
	g_autoptr(GString) list = g_string_new(NULL);
	size_t i;
	guint j;

	for (i = 0; i < in->n_users; i++) {
		const char *u = in->users[i];
		bool dup = false;

		if (!u || !u[0])
			continue;
		for (j = 0; j < seen->len && !dup; j++)
			dup = strcmp(seen->pdata[j], u) == 0;
		if (dup)
			continue;
		g_ptr_array_add(seen, (gpointer)u);
		g_string_append_printf(list, "%s%s", list->len ? "," : "", u);
	}
	add(set, GUESTINFO_USERS_LIST, seen->len ? g_strdup(list->str) : NULL,
	    GUESTINFO_F_TRANSIENT);
	add(set, GUESTINFO_USERS_COUNT, g_strdup_printf("%u", seen->len),
	    GUESTINFO_F_TRANSIENT);
	add(set, GUESTINFO_NO_USERS, g_strdup(seen->len ? "false" : "true"),
	    GUESTINFO_F_TRANSIENT);
}

static void add_iface(GPtrArray *set, unsigned int n,
		      const struct guestinfo_iface *ifc)
{
	char mac[13], name[GUESTINFO_IFNAME_LEN], prop[64];

	snprintf(prop, sizeof(prop), GUESTINFO_NET_PREFIX "%u/V4/IP", n);
	add(set, prop, ipv4(ifc->addr), 0);
	snprintf(prop, sizeof(prop), GUESTINFO_NET_PREFIX "%u/V4/Broadcast", n);
	add(set, prop, ipv4(ifc->broadcast), 0);
	snprintf(prop, sizeof(prop), GUESTINFO_NET_PREFIX "%u/V4/Netmask", n);
	add(set, prop, ipv4(ifc->netmask), 0);
	guestinfo_mac_format(ifc->mac, mac);
	snprintf(prop, sizeof(prop), GUESTINFO_NET_PREFIX "%u/MAC", n);
	add(set, prop, g_strdup(mac), 0);
	snprintf(prop, sizeof(prop), GUESTINFO_NET_PREFIX "%u/Status", n);
	add(set, prop, g_strdup(ifc->up ? "Up" : "Down"), 0);
	/* The kernel's name need not be terminated or UTF-8. */
	memcpy(name, ifc->name, sizeof(name));
	name[sizeof(name) - 1] = '\0';
	if (g_utf8_validate(name, -1, NULL)) {
		snprintf(prop, sizeof(prop), GUESTINFO_NET_PREFIX "%u/Name", n);
		add(set, prop, g_strdup(name), 0);
	}
}

GPtrArray *guestinfo_props_build(const struct guestinfo_input *in,
				 unsigned int *n_reported)
{
	GPtrArray *set = g_ptr_array_new_with_free_func(prop_free);
	unsigned int n = 0;
	size_t i;

	add_fixed(set, in);
	add_users(set, in);
	for (i = 0; i < in->n_ifaces; i++) {
		if (in->ifaces[i].loopback)
			continue;
		add_iface(set, n++, &in->ifaces[i]);
	}
	add(set, GUESTINFO_NET_COUNT, g_strdup_printf("%u", n),
	    GUESTINFO_F_ALWAYS);
	if (n_reported)
		*n_reported = n;
	return set;
}

struct guestinfo_cache *guestinfo_cache_new(void)
{
	struct guestinfo_cache *c = g_new(struct guestinfo_cache, 1);

	c->values =
		g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return c;
}

void guestinfo_cache_free(struct guestinfo_cache *c)
{
	if (!c)
		return;
	g_hash_table_destroy(c->values);
	g_free(c);
}

void guestinfo_cache_reset(struct guestinfo_cache *c)
{
	g_hash_table_remove_all(c->values);
}

unsigned int guestinfo_cache_size(const struct guestinfo_cache *c)
{
	return g_hash_table_size(c->values);
}

static void add_op(GPtrArray *ops, const char *name, const char *value,
		   unsigned int flags)
{
	struct guestinfo_op *op = g_new(struct guestinfo_op, 1);

	op->name = g_strdup(name);
	op->value = g_strdup(value);
	op->flags = flags;
	g_ptr_array_add(ops, op);
}

static bool in_set(const GPtrArray *props, const char *name)
{
	guint i;

	for (i = 0; i < props->len; i++) {
		const struct guestinfo_prop *p = props->pdata[i];

		if (strcmp(p->name, name) == 0)
			return true;
	}
	return false;
}

static gint name_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Interface names the cache has and the set does not, sorted. */
static void add_vanished(GPtrArray *ops, const struct guestinfo_cache *c,
			 const GPtrArray *props)
{
	g_autoptr(GPtrArray) gone = g_ptr_array_new();
	GHashTableIter it;
	gpointer key;
	guint i;

	g_hash_table_iter_init(&it, c->values);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		if (g_str_has_prefix(key, GUESTINFO_NET_PREFIX) &&
		    !in_set(props, key))
			g_ptr_array_add(gone, key);
	}
	g_ptr_array_sort(gone, name_cmp);
	for (i = 0; i < gone->len; i++)
		add_op(ops, gone->pdata[i], NULL, 0);
}

GPtrArray *guestinfo_cache_diff(const struct guestinfo_cache *c,
				const GPtrArray *props)
{
	GPtrArray *ops = g_ptr_array_new_with_free_func(op_free);
	guint i;

	for (i = 0; i < props->len; i++) {
		const struct guestinfo_prop *p = props->pdata[i];
		const char *have = g_hash_table_lookup(c->values, p->name);

		if (!p->value) {
			if (have)
				add_op(ops, p->name, NULL, p->flags);
			continue;
		}
		if ((p->flags & GUESTINFO_F_ALWAYS) || !have ||
		    strcmp(have, p->value) != 0)
			add_op(ops, p->name, p->value, p->flags);
	}
	add_vanished(ops, c, props);
	return ops;
}

void guestinfo_cache_commit(struct guestinfo_cache *c,
			    const struct guestinfo_op *op)
{
	if (op->value)
		g_hash_table_insert(c->values, g_strdup(op->name),
				    g_strdup(op->value));
	else
		g_hash_table_remove(c->values, op->name);
}

GPtrArray *guestinfo_cache_exit_ops(const struct guestinfo_cache *c)
{
	GPtrArray *ops = g_ptr_array_new_with_free_func(op_free);
	g_autoptr(GPtrArray) net = g_ptr_array_new();
	GHashTableIter it;
	gpointer key;
	guint i;

	g_hash_table_iter_init(&it, c->values);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		if (g_str_has_prefix(key, GUESTINFO_NET_PREFIX))
			g_ptr_array_add(net, key);
	}
	g_ptr_array_sort(net, name_cmp);
	for (i = 0; i < net->len; i++)
		add_op(ops, net->pdata[i], NULL, 0);
	if (g_hash_table_contains(c->values, GUESTINFO_USERS_LIST))
		add_op(ops, GUESTINFO_USERS_LIST, NULL, GUESTINFO_F_TRANSIENT);
	add_op(ops, GUESTINFO_USERS_COUNT, "0", GUESTINFO_F_TRANSIENT);
	add_op(ops, GUESTINFO_NO_USERS, "true", GUESTINFO_F_TRANSIENT);
	return ops;
}
