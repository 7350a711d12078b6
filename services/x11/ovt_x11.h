/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * X11 plumbing shared by the desktop agents (vbox-clipboard, vbox-display,
 * vbox-seamless), with no feature logic in it: the display connection as a
 * GLib main-loop source, error traps, atoms interned once, extension
 * queries, and a server timestamp.
 *
 * Every agent talks to its X server from the main thread only; worker
 * threads (the host side) hand their results to the main loop.
 *
 * X errors that no trap expects are logged (one line each, with the request
 * that failed) and the agent goes on.  Losing the connection to the X
 * server ends the process with exit status OVT_EXIT_FAILURE and one line:
 * a desktop agent belongs to its session, and the session manager restarts
 * it or the session is over.
 */
#ifndef OVT_X11_H
#define OVT_X11_H

#include <stdbool.h>
#include <stddef.h>

#include <X11/Xlib.h>
#include <glib.h>

struct ovt_x11;

/**
 * typedef ovt_x11_event_fn - called for every event the server sends.
 * @event: the event (valid only during the call)
 * @data: the pointer given to ovt_x11_open()
 */
typedef void (*ovt_x11_event_fn)(XEvent *event, void *data);

/**
 * ovt_x11_open - connect to an X server and attach it to the default main
 * context.
 * @name: the display name, or NULL for $DISPLAY
 * @on_event: called for each event, from the main loop
 * @data: passed to @on_event
 * @error: receives the reason on failure
 *
 * Installs the process-wide error and I/O error handlers, so there must be
 * only one connection per process.
 *
 * Return: the connection, or NULL (with @error set) if the server cannot
 * be reached.
 */
struct ovt_x11 *ovt_x11_open(const char *name, ovt_x11_event_fn on_event,
			     void *data, GError **error);

/**
 * ovt_x11_close - detach from the main loop and close the connection.
 * @x: the connection, or NULL
 */
void ovt_x11_close(struct ovt_x11 *x);

/*
 * Called once when the connection to the server is lost, just before the
 * process exits: a last chance to remove what only a running instance
 * should leave behind (state files).  It must not use the display.
 */
typedef void (*ovt_x11_lost_fn)(void *data);

/**
 * ovt_x11_on_lost - set the function called when the connection is lost.
 * @x: the connection
 * @fn: the function, or NULL for none
 * @data: passed to @fn
 */
void ovt_x11_on_lost(struct ovt_x11 *x, ovt_x11_lost_fn fn, void *data);

/**
 * ovt_x11_display - the Xlib display of a connection.
 * @x: the connection
 *
 * Return: the display.
 */
Display *ovt_x11_display(const struct ovt_x11 *x);

/**
 * ovt_x11_name - the display's name, as DisplayString() gives it.
 * @x: the connection
 *
 * Return: the name (owned by Xlib).
 */
const char *ovt_x11_name(const struct ovt_x11 *x);

/**
 * ovt_x11_trap_push - start expecting X errors.
 * @x: the connection
 *
 * Until the matching ovt_x11_trap_pop(), errors are recorded instead of
 * logged.  Traps nest.
 */
void ovt_x11_trap_push(struct ovt_x11 *x);

/**
 * ovt_x11_trap_pop - stop expecting X errors.
 * @x: the connection
 *
 * Waits (XSync) until the server has handled every request sent since the
 * matching ovt_x11_trap_push().
 *
 * Return: 0 if none of them failed, else the X error code of the first
 * that did (BadWindow, BadMatch, ...).
 */
int ovt_x11_trap_pop(struct ovt_x11 *x);

/**
 * ovt_x11_errors_logged - the number of unexpected X errors so far.
 * @x: the connection
 *
 * Return: the count (errors caught by a trap are not counted).
 */
unsigned long ovt_x11_errors_logged(const struct ovt_x11 *x);

/**
 * ovt_x11_intern_atoms - intern several atoms in one round trip.
 * @x: the connection
 * @names: the atom names
 * @atoms: receives the atoms, in the order of @names
 * @n: the number of names
 *
 * Return: true, or false if the server refused.
 */
bool ovt_x11_intern_atoms(struct ovt_x11 *x, const char *const *names,
			  Atom *atoms, size_t n);

/**
 * ovt_x11_atom_name - the name of an atom.
 * @x: the connection
 * @atom: the atom (from the server or from a client: it may be invalid)
 *
 * Return: a newly allocated string (g_free()), or NULL for None or an atom
 * the server does not know.
 */
char *ovt_x11_atom_name(struct ovt_x11 *x, Atom atom);

/**
 * ovt_x11_atom - an atom by name, interned once per connection.
 * @x: the connection
 * @name: the atom's name
 *
 * The first call for a name costs a round trip; later ones none.
 *
 * Return: the atom, or None if the server refused.
 */
Atom ovt_x11_atom(struct ovt_x11 *x, const char *name);

/**
 * ovt_x11_atom_names - the names of several atoms in one round trip.
 * @x: the connection
 * @atoms: the atoms (from a client: some may be invalid)
 * @n: how many
 *
 * When one of them is invalid the names are fetched one by one.
 *
 * Return: a NULL-terminated vector of @n names (g_strfreev()), "" for an
 * atom the server does not know.
 */
char **ovt_x11_atom_names(struct ovt_x11 *x, const Atom *atoms, size_t n);

/* What the server says about one extension. */
struct ovt_x11_extension {
	bool present;
	int opcode;
	int event_base;
	int error_base;
	int major;
	int minor;
};

/**
 * ovt_x11_check_extension - whether the server has an extension, and
 * which version it speaks.
 * @x: the connection
 * @name: "XFIXES", "RANDR" or "SHAPE"
 * @ext: filled in; @ext->present is false if the server lacks it or @name
 *	is not one of the three
 *
 * The version query negotiates the newest version this program's
 * libraries know, as each extension requires before its first request.
 *
 * Return: @ext->present.
 */
bool ovt_x11_check_extension(struct ovt_x11 *x, const char *name,
			     struct ovt_x11_extension *ext);

/**
 * ovt_x11_server_time - the server's current time, for requests that must
 * not use CurrentTime (taking a selection, for one).
 * @x: the connection
 * @window: a window of ours that has PropertyChangeMask selected
 * @scratch: an atom to use as a property name on @window
 *
 * Appends nothing to @scratch and waits for the PropertyNotify it causes,
 * whose timestamp is the server's time.  Other events stay queued.
 *
 * Return: the timestamp.
 */
Time ovt_x11_server_time(struct ovt_x11 *x, Window window, Atom scratch);

#endif /* OVT_X11_H */
