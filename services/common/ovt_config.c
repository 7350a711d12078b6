// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The suite's configuration file (see ovt_config.h).
 *
 * GKeyFile does the parsing; this file adds the checks of the agents'
 * tables and, since GKeyFile keeps no line numbers, a small scan of the
 * text to name the line of a bad key (bounded: the file is at most
 * OVT_CONFIG_MAX_SIZE bytes and is scanned once per message).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "services/common/ovt_config.h"

#ifndef OVT_SYSCONFDIR
#define OVT_SYSCONFDIR "/etc"
#endif

/* Every section the suite's programs read. */
static const char *const known_sections[] = {
	"vbox-automount", "vbox-automount-user", "vbox-balloon",
	"vbox-clipboard", "vbox-display",	 "vbox-guestinfo",
	"vbox-seamless",  "vbox-timesync",	 NULL
};

const char *ovt_config_system_path(void)
{
	return OVT_SYSCONFDIR "/" OVT_CONFIG_DIR_NAME "/" OVT_CONFIG_FILE_NAME;
}

gchar *ovt_config_user_path(void)
{
	return g_build_filename(g_get_user_config_dir(), OVT_CONFIG_DIR_NAME,
				OVT_CONFIG_FILE_NAME, NULL);
}

/* The next line of [*pos, end): its start and length without the '\n'. */
static gboolean next_line(const char **pos, const char *end, const char **line,
			  gsize *n)
{
	const char *nl;

	if (*pos >= end)
		return FALSE;
	*line = *pos;
	nl = memchr(*pos, '\n', (size_t)(end - *pos));
	*n = (gsize)((nl ? nl : end) - *pos);
	*pos = nl ? nl + 1 : end;
	if (*n && (*line)[*n - 1] == '\r')
		(*n)--;
	return TRUE;
}

static void skip_blanks(const char **s, gsize *n)
{
	while (*n && g_ascii_isspace(**s)) {
		(*s)++;
		(*n)--;
	}
}

static gboolean same(const char *s, gsize n, const char *word)
{
	return strlen(word) == n && !memcmp(s, word, n);
}

unsigned int ovt_config_find_line(const char *text, gsize len,
				  const char *section, const char *key)
{
	const char *pos = text, *end = text + len, *line;
	unsigned int lineno = 0, found = 0;
	gboolean inside = FALSE;
	gsize n;

	while (next_line(&pos, end, &line, &n)) {
		const char *eq, *close;
		gsize klen;

		lineno++;
		skip_blanks(&line, &n);
		if (!n || line[0] == '#')
			continue;
		if (line[0] == '[') {
			close = memchr(line, ']', n);
			inside = close &&
				 same(line + 1, (gsize)(close - line - 1),
				      section);
			if (inside && !key && !found)
				found = lineno;
			continue;
		}
		if (!inside || !key)
			continue;
		eq = memchr(line, '=', n);
		if (!eq)
			continue;
		klen = (gsize)(eq - line);
		while (klen && g_ascii_isspace(line[klen - 1]))
			klen--;
		if (same(line, klen, key))
			found = lineno;
	}
	return found;
}

unsigned int ovt_config_find_bad_line(const char *text, gsize len)
{
	const char *pos = text, *end = text + len, *line;
	unsigned int lineno = 0;
	gsize n;

	while (next_line(&pos, end, &line, &n)) {
		lineno++;
		skip_blanks(&line, &n);
		if (!n || line[0] == '#')
			continue;
		if (line[0] == '[' ? !memchr(line, ']', n) :
				     !memchr(line, '=', n) || line[0] == '=')
			return lineno;
	}
	return 0;
}

gboolean ovt_config_parse_size(const char *text, guint64 *out)
{
	guint64 v, mult = 1;
	char *end;

	if (!text || !g_ascii_isdigit(text[0]))
		return FALSE;
	errno = 0;
	v = g_ascii_strtoull(text, &end, 10);
	if (errno)
		return FALSE;
	switch (*end) {
	case 'K':
	case 'k':
		mult = 1ull << 10;
		break;
	case 'M':
	case 'm':
		mult = 1ull << 20;
		break;
	case 'G':
	case 'g':
		mult = 1ull << 30;
		break;
	default:
		break;
	}
	if (mult > 1)
		end++;
	if (*end || v > G_MAXINT64 / mult)
		return FALSE;
	*out = v * mult;
	return TRUE;
}

static gboolean has_control_chars(const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return TRUE;
	}
	return FALSE;
}

union value {
	gboolean b;
	gint64 i;
	gchar *s;
};

static gboolean is_string(enum ovt_config_type t)
{
	return t == OVT_CONFIG_STRING || t == OVT_CONFIG_PATH ||
	       t == OVT_CONFIG_ENUM;
}

static gchar *choices_text(const char *const *choices)
{
	return g_strjoinv(", ", (gchar **)choices);
}

const char *ovt_config_check_path(const char *v)
{
	g_auto(GStrv) parts = NULL;
	size_t i;

	if (!g_path_is_absolute(v) || has_control_chars(v))
		return "an absolute path";
	parts = g_strsplit(v, "/", -1);
	for (i = 0; parts[i]; i++) {
		if (!strcmp(parts[i], ".") || !strcmp(parts[i], ".."))
			return "the path must not contain . or ..";
	}
	return NULL;
}

/* Parse one value; NULL, or the reason (newly allocated) it is bad. */
static gchar *parse_value(const struct ovt_config_key *k, const char *v,
			  union value *out)
{
	const char *why = NULL;
	guint64 u;
	gint64 i;

	switch (k->type) {
	case OVT_CONFIG_BOOL:
		if (!g_ascii_strcasecmp(v, "true") ||
		    !g_ascii_strcasecmp(v, "yes") || !strcmp(v, "1"))
			out->b = TRUE;
		else if (!g_ascii_strcasecmp(v, "false") ||
			 !g_ascii_strcasecmp(v, "no") || !strcmp(v, "0"))
			out->b = FALSE;
		else
			return g_strdup("true or false");
		return NULL;
	case OVT_CONFIG_INT:
		if (!g_ascii_string_to_signed(v, 10, k->min, k->max, &i, NULL))
			return g_strdup_printf(
				"an integer from %" G_GINT64_FORMAT
				" to %" G_GINT64_FORMAT,
				k->min, k->max);
		out->i = i;
		return NULL;
	case OVT_CONFIG_OCTAL:
		if (!v[0] && k->empty_ok) {
			out->i = -1;
			return NULL;
		}
		if (!g_ascii_string_to_unsigned(v, 8, (guint64)k->min,
						(guint64)k->max, &u, NULL))
			return g_strdup_printf("an octal number within 0%o",
					       (unsigned int)k->max);
		out->i = (gint64)u;
		return NULL;
	case OVT_CONFIG_SIZE:
		if (!ovt_config_parse_size(v, &u) || u < (guint64)k->min ||
		    u > (guint64)k->max)
			return g_strdup_printf("a size from %" G_GINT64_FORMAT
					       " to %" G_GINT64_FORMAT
					       " bytes (K, M, G allowed)",
					       k->min, k->max);
		out->i = (gint64)u;
		return NULL;
	case OVT_CONFIG_ENUM:
		if (!g_strv_contains(k->choices, v)) {
			g_autofree gchar *all = choices_text(k->choices);

			return g_strdup_printf("one of %s", all);
		}
		out->s = g_strdup(v);
		return NULL;
	case OVT_CONFIG_STRING:
	case OVT_CONFIG_PATH:
		if (!v[0] && k->empty_ok) {
			out->s = NULL;
			return NULL;
		}
		if (has_control_chars(v))
			return g_strdup("no control characters");
		if (strlen(v) > (size_t)k->max)
			return g_strdup_printf(
				"at most %" G_GINT64_FORMAT " bytes", k->max);
		if (k->type == OVT_CONFIG_PATH)
			why = ovt_config_check_path(v);
		if (!why && k->check)
			why = k->check(v);
		if (why)
			return g_strdup(why);
		out->s = k->type == OVT_CONFIG_PATH ?
				 g_canonicalize_filename(v, "/") :
				 g_strdup(v);
		return NULL;
	}
	return g_strdup("unknown type");
}

static void *field(void *settings, const struct ovt_config_key *k)
{
	return (char *)settings + k->offset;
}

static const void *cfield(const void *settings, const struct ovt_config_key *k)
{
	return (const char *)settings + k->offset;
}

static gboolean fail(GError **error, const char *path, const char *text,
		     gsize len, const char *section, const char *key,
		     const char *why)
{
	unsigned int line = ovt_config_find_line(text, len, section, key);
	g_autofree gchar *where = line ? g_strdup_printf("%s:%u", path, line) :
					 g_strdup(path);

	if (key)
		g_set_error(error, G_KEY_FILE_ERROR,
			    G_KEY_FILE_ERROR_INVALID_VALUE, "%s: [%s] %s: %s",
			    where, section, key, why);
	else
		g_set_error(error, G_KEY_FILE_ERROR,
			    G_KEY_FILE_ERROR_GROUP_NOT_FOUND, "%s: [%s]: %s",
			    where, section, why);
	return FALSE;
}

static const struct ovt_config_key *find_key(const struct ovt_config_key *keys,
					     const char *name)
{
	for (; keys->name; keys++) {
		if (!strcmp(keys->name, name))
			return keys;
	}
	return NULL;
}

static gboolean check_sections(GKeyFile *kf, const char *path, const char *text,
			       gsize len, GError **error)
{
	g_auto(GStrv) groups = g_key_file_get_groups(kf, NULL);
	size_t i;

	for (i = 0; groups[i]; i++) {
		if (!g_strv_contains(known_sections, groups[i]))
			return fail(error, path, text, len, groups[i], NULL,
				    "unknown section");
	}
	return TRUE;
}

static gboolean read_section(GKeyFile *kf, const char *path, const char *text,
			     gsize len, const char *section,
			     const struct ovt_config_key *keys, void *settings,
			     guint64 *set_mask, GError **error)
{
	g_auto(GStrv) names = g_key_file_get_keys(kf, section, NULL, NULL);
	const struct ovt_config_key *k;
	union value *vals;
	gboolean *set;
	size_t nkeys = 0, i;
	gboolean ok = TRUE;

	for (i = 0; names && names[i]; i++) {
		if (!find_key(keys, names[i]))
			return fail(error, path, text, len, section, names[i],
				    "unknown key");
	}
	while (keys[nkeys].name)
		nkeys++;
	g_assert(nkeys <= OVT_CONFIG_MAX_KEYS);
	vals = g_new0(union value, nkeys + 1);
	set = g_new0(gboolean, nkeys + 1);
	for (i = 0; ok && i < nkeys; i++) {
		GError *err = NULL;
		g_autofree gchar *v = NULL;
		g_autofree gchar *why = NULL;

		k = &keys[i];
		if (!g_key_file_has_key(kf, section, k->name, NULL))
			continue;
		v = g_key_file_get_string(kf, section, k->name, &err);
		if (!v) {
			ok = fail(error, path, text, len, section, k->name,
				  err->message);
			g_error_free(err);
			break;
		}
		g_strstrip(v);
		why = parse_value(k, v, &vals[i]);
		if (why)
			ok = fail(error, path, text, len, section, k->name,
				  why);
		else
			set[i] = TRUE;
	}
	for (i = 0; i < nkeys; i++) {
		k = &keys[i];
		if (!set[i])
			continue;
		if (!ok) {
			if (is_string(k->type))
				g_free(vals[i].s);
			continue;
		}
		if (set_mask)
			*set_mask |= G_GUINT64_CONSTANT(1) << i;
		if (k->type == OVT_CONFIG_BOOL) {
			*(gboolean *)field(settings, k) = vals[i].b;
		} else if (is_string(k->type)) {
			g_free(*(gchar **)field(settings, k));
			*(gchar **)field(settings, k) = vals[i].s;
		} else {
			*(gint64 *)field(settings, k) = vals[i].i;
		}
	}
	g_free(vals);
	g_free(set);
	return ok;
}

gboolean ovt_config_read_data(const char *path, const char *text, gsize len,
			      const char *section,
			      const struct ovt_config_key *keys, void *settings,
			      guint64 *set, GError **error)
{
	g_autoptr(GKeyFile) kf = NULL;
	GError *err = NULL;
	unsigned int line;

	if (len > OVT_CONFIG_MAX_SIZE) {
		g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE,
			    "%s: larger than %d bytes", path,
			    OVT_CONFIG_MAX_SIZE);
		return FALSE;
	}
	if (memchr(text, '\0', len)) {
		g_set_error(error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE,
			    "%s: not a text file", path);
		return FALSE;
	}
	kf = g_key_file_new();
	if (!g_key_file_load_from_data(kf, text, len, G_KEY_FILE_NONE, &err)) {
		line = ovt_config_find_bad_line(text, len);
		if (line)
			g_set_error(error, G_KEY_FILE_ERROR,
				    G_KEY_FILE_ERROR_PARSE, "%s:%u: %s", path,
				    line, err->message);
		else
			g_set_error(error, G_KEY_FILE_ERROR,
				    G_KEY_FILE_ERROR_PARSE, "%s: %s", path,
				    err->message);
		g_error_free(err);
		return FALSE;
	}
	if (!check_sections(kf, path, text, len, error))
		return FALSE;
	if (!g_key_file_has_group(kf, section))
		return TRUE;
	return read_section(kf, path, text, len, section, keys, settings, set,
			    error);
}

gboolean ovt_config_read(const char *path, gboolean must_exist,
			 const char *section, const struct ovt_config_key *keys,
			 void *settings, guint64 *set, GError **error)
{
	g_autofree gchar *text = NULL;
	GError *err = NULL;
	gsize len;

	if (!g_file_get_contents(path, &text, &len, &err)) {
		if (!must_exist &&
		    g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
			g_error_free(err);
			return TRUE;
		}
		g_set_error(error, err->domain, err->code, "%s", err->message);
		g_error_free(err);
		return FALSE;
	}
	return ovt_config_read_data(path, text, len, section, keys, settings,
				    set, error);
}

gchar *ovt_config_format(const struct ovt_config_key *k, const void *settings)
{
	const void *p = cfield(settings, k);
	gint64 v;

	switch (k->type) {
	case OVT_CONFIG_BOOL:
		return g_strdup(*(const gboolean *)p ? "true" : "false");
	case OVT_CONFIG_INT:
		return g_strdup_printf("%" G_GINT64_FORMAT, *(const gint64 *)p);
	case OVT_CONFIG_OCTAL:
		v = *(const gint64 *)p;
		return v < 0 ? g_strdup("") :
			       g_strdup_printf("%04o", (unsigned int)v);
	case OVT_CONFIG_SIZE:
		v = *(const gint64 *)p;
		if (v && !(v % (1 << 30)))
			return g_strdup_printf("%" G_GINT64_FORMAT "G",
					       v >> 30);
		if (v && !(v % (1 << 20)))
			return g_strdup_printf("%" G_GINT64_FORMAT "M",
					       v >> 20);
		if (v && !(v % (1 << 10)))
			return g_strdup_printf("%" G_GINT64_FORMAT "K",
					       v >> 10);
		return g_strdup_printf("%" G_GINT64_FORMAT, v);
	case OVT_CONFIG_STRING:
	case OVT_CONFIG_PATH:
	case OVT_CONFIG_ENUM:
		return g_strdup(*(gchar *const *)p ? *(gchar *const *)p : "");
	}
	return g_strdup("");
}

void ovt_config_copy(const struct ovt_config_key *keys, void *dst,
		     const void *src)
{
	for (; keys->name; keys++) {
		if (keys->type == OVT_CONFIG_BOOL)
			*(gboolean *)field(dst, keys) =
				*(const gboolean *)cfield(src, keys);
		else if (is_string(keys->type))
			*(gchar **)field(dst, keys) =
				g_strdup(*(gchar *const *)cfield(src, keys));
		else
			*(gint64 *)field(dst, keys) =
				*(const gint64 *)cfield(src, keys);
	}
}

void ovt_config_free(const struct ovt_config_key *keys, void *settings)
{
	for (; keys->name; keys++) {
		if (is_string(keys->type))
			g_clear_pointer((gchar **)field(settings, keys),
					g_free);
	}
}
