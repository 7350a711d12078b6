/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The suite's one configuration file, a GLib key file:
 *
 *   $(sysconfdir)/open-vbox-tools/open-vbox-tools.conf
 *
 * with a section per agent, named after the program ([vbox-balloon],
 * [vbox-automount], ...; vbox-automount --user reads [vbox-automount-user]).
 * The agents of a login session (the desktop agents, vbox-automount
 * --user) also read $XDG_CONFIG_HOME/open-vbox-tools/open-vbox-tools.conf
 * after it; its keys win.
 *
 * Each agent declares its keys in a table (name, type, bounds, where the
 * value goes in the agent's settings structure).  Reading a section checks
 * every key against the table and every value against its type; the first
 * problem becomes one line, "FILE:LINE: [SECTION] KEY: REASON".  A file
 * that does not exist means the defaults; unknown sections and unknown
 * keys of the agent's own section are errors (a typo must not be silently
 * ignored).  A section is applied whole or not at all.
 */
#ifndef OVT_CONFIG_H
#define OVT_CONFIG_H

#include <stddef.h>

#include <glib.h>

#define OVT_CONFIG_DIR_NAME  "open-vbox-tools"
#define OVT_CONFIG_FILE_NAME "open-vbox-tools.conf"

/* The most keys a section may declare (ovt_config_read()'s @set). */
#define OVT_CONFIG_MAX_KEYS 64

/* Larger files are refused (a configuration is a few KiB). */
#define OVT_CONFIG_MAX_SIZE (256 * 1024)

enum ovt_config_type {
	OVT_CONFIG_BOOL,   /* gboolean: true/false, yes/no, 1/0 */
	OVT_CONFIG_INT,	   /* gint64, decimal, within min..max */
	OVT_CONFIG_OCTAL,  /* gint64, octal, within min..max */
	OVT_CONFIG_SIZE,   /* gint64 bytes, optional K/M/G, within min..max */
	OVT_CONFIG_STRING, /* gchar *, printable, at most max bytes */
	OVT_CONFIG_PATH,   /* gchar *, an absolute path without . or .. */
	OVT_CONFIG_ENUM,   /* gchar *, one of choices */
};

struct ovt_config_key {
	const char *name;
	enum ovt_config_type type;
	size_t offset;	 /* of the value in the settings structure */
	gint64 min, max; /* INT/OCTAL/SIZE bounds; STRING/PATH: max length */
	const char *const *choices; /* ENUM: NULL-terminated */
	/* More checks of a STRING/PATH value: NULL, or the reason it is bad. */
	const char *(*check)(const char *value);
	gboolean empty_ok; /* STRING/PATH/OCTAL: "key=" means unset (NULL/-1) */
};

#define OVT_CONFIG_KEY_END                          \
	{                                           \
		NULL, 0, 0, 0, 0, NULL, NULL, FALSE \
	}

/**
 * ovt_config_system_path - the system's file.
 *
 * Return: "$(sysconfdir)/open-vbox-tools/open-vbox-tools.conf" (static).
 */
const char *ovt_config_system_path(void);

/**
 * ovt_config_user_path - the user's file of the session agents.
 *
 * Return: a newly allocated $XDG_CONFIG_HOME/open-vbox-tools/... path.
 */
gchar *ovt_config_user_path(void);

/**
 * ovt_config_read - read one section of one file into @settings.
 * @path: the file
 * @must_exist: a missing file is an error (else: nothing changes)
 * @section: e.g. "vbox-balloon"
 * @keys: the section's keys, ending with OVT_CONFIG_KEY_END
 * @settings: the structure the keys' offsets point into; values of keys
 *	the file sets are replaced (strings freed and duplicated), others
 *	stay; on error nothing is changed
 * @set: NULL, or receives (ORed in) bit i for each keys[i] the file sets,
 *	so a caller can tell a value the file gave from a default (at most
 *	OVT_CONFIG_MAX_KEYS keys)
 * @error: receives the one-line reason
 *
 * Return: TRUE, or FALSE with @error set.
 */
gboolean ovt_config_read(const char *path, gboolean must_exist,
			 const char *section, const struct ovt_config_key *keys,
			 void *settings, guint64 *set, GError **error);

/**
 * ovt_config_read_data - ovt_config_read() on text in memory.
 * @path: the name for messages
 * @text: the file's contents
 * @len: its length
 * @section: see ovt_config_read()
 * @keys: see ovt_config_read()
 * @settings: see ovt_config_read()
 * @set: see ovt_config_read()
 * @error: see ovt_config_read()
 *
 * Return: TRUE, or FALSE with @error set.
 */
gboolean ovt_config_read_data(const char *path, const char *text, gsize len,
			      const char *section,
			      const struct ovt_config_key *keys, void *settings,
			      guint64 *set, GError **error);

/**
 * ovt_config_find_line - where a section or key is written in a file.
 * @text: the file's contents (need not be NUL-terminated)
 * @len: its length
 * @section: the section ([NAME] header)
 * @key: a key in it (the last line setting it, as GKeyFile keeps the
 *	last), or NULL for the section's header line
 *
 * Return: the line number (from 1), or 0 when it is not there.
 */
unsigned int ovt_config_find_line(const char *text, gsize len,
				  const char *section, const char *key);

/**
 * ovt_config_find_bad_line - the first line that is neither blank, a
 * comment, a [section] header nor KEY=VALUE (GKeyFile's syntax errors
 * name no line).
 * @text: the file's contents
 * @len: its length
 *
 * Return: the line number (from 1), or 0.
 */
unsigned int ovt_config_find_bad_line(const char *text, gsize len);

/**
 * ovt_config_format - a value as the sample file writes it.
 * @key: the key
 * @settings: where its value is
 *
 * Return: a newly allocated string ("" for an unset string or mode).
 */
gchar *ovt_config_format(const struct ovt_config_key *key,
			 const void *settings);

/**
 * ovt_config_copy - duplicate @src's values into @dst (strings copied).
 * @keys: the table
 * @dst: receives the values (its strings are not freed first)
 * @src: the values
 */
void ovt_config_copy(const struct ovt_config_key *keys, void *dst,
		     const void *src);

/**
 * ovt_config_free - free the strings of @settings (set to NULL).
 * @keys: the table
 * @settings: the values
 */
void ovt_config_free(const struct ovt_config_key *keys, void *settings);

/**
 * ovt_config_check_path - whether a value is an absolute path without
 * "." or ".." components and control characters (OVT_CONFIG_PATH).
 * @v: the value
 *
 * Return: NULL, or the reason it is not.
 */
const char *ovt_config_check_path(const char *v);

/**
 * ovt_config_parse_size - bytes with an optional K, M or G (powers of
 * 1024).
 * @text: the text
 * @out: receives the value
 *
 * Return: TRUE, or FALSE for a malformed or overflowing value.
 */
gboolean ovt_config_parse_size(const char *text, guint64 *out);

#endif /* OVT_CONFIG_H */
