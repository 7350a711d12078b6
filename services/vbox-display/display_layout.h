/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The pure part of vbox-display: the host's display requests merged into
 * what the host wants of each display, host displays mapped to X outputs,
 * and that wish turned into a valid output layout (off, or a mode of
 * exactly the requested size at a position, the primary output, the
 * screen size and the modes that must be created).  Plain structs, no X11
 * header: the X side fills them from RandR and applies the result.
 *
 * The layout rules (also in vbox-display(1)):
 *
 *  - Host display N is shown on the output the map gives it (see
 *    display_map_parse()).  Host displays without an output are ignored;
 *    outputs without a host display, and displays the host never said
 *    anything about ("kept outputs"), keep what they show (where they
 *    go: see below).
 *  - An enabled display gets exactly the requested size, clamped to the
 *    screen maximum.  A definition without a size (zero width or height)
 *    that does not disable the display says nothing: the display stays
 *    as it is (this is what the host returns for displays it never asked
 *    for).
 *  - Where the host gives a position it is used; a display without one is
 *    placed right of the enabled display before it in host order, at that
 *    display's y (the first at 0,0), as the reference agent does.
 *  - The positions are then made valid, keeping their relative order:
 *    displays are taken from left to right (by requested x, then y) and
 *    each moves left until it touches a display already placed to its
 *    left that overlaps it vertically, or to x = 0 when there is none;
 *    then from top to bottom (by requested y, then x) each moves up until
 *    it touches a display above it that overlaps it horizontally, or, when
 *    there is none, keeps its requested y (less the smallest requested y)
 *    if that makes it touch a display placed before it, else moves to
 *    y = 0.  So the layout starts at 0,0, no two displays overlap, and
 *    gaps are closed; displays side by side keep their vertical offset.
 *    These rules place the host's displays among themselves alone.
 *  - A display that then does not fit in the screen maximum is turned
 *    off and the rest laid out again.
 *  - Then the kept outputs, in output order, around the host's displays
 *    (which do not move for them): each stays where it is if it overlaps
 *    nothing placed and touches a display placed before it (or is at 0,0
 *    when nothing is); else it moves up, or else left, until it touches a
 *    display above (left of) it, or to 0, if it is then so; else it goes
 *    right of the display placed furthest right, at that one's y.
 *    One that then does not fit is turned off.
 *  - So a layout is a fixed point: the same request applied again to the
 *    layout it produced (a SIGHUP does) changes nothing.
 *  - If no display is left on, the first mapped output stays on (a desktop
 *    needs one screen).
 *  - The primary output is the one the host flags; if that one is off or
 *    none is flagged, the current primary if it stays on, else the first
 *    enabled display in host order.
 */
#ifndef DISPLAY_LAYOUT_H
#define DISPLAY_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include <glib.h>

#include "libvbglr3/vbglr3.h"

/* Host displays, and X outputs considered. */
#define DISPLAY_MAX 64u
/* Largest width or height a display may have. */
#define DISPLAY_MAX_DIM 16384u
/* Size of a display that must be on but has no size from anywhere. */
#define DISPLAY_FALLBACK_WIDTH	1024u
#define DISPLAY_FALLBACK_HEIGHT 768u

/* ---- what the host wants ------------------------------------------------ */

enum display_host_state {
	DISPLAY_HOST_UNKNOWN = 0, /* never said: leave the display as it is */
	DISPLAY_HOST_ENABLED,
	DISPLAY_HOST_DISABLED,
};

struct display_host {
	enum display_host_state state;
	bool primary;
	bool has_origin;
	int32_t x, y;
	uint32_t width, height; /* 0: not given */
};

/**
 * display_host_merge - fold host definitions into what the host wants.
 * @hosts: DISPLAY_MAX entries, updated
 * @defs: definitions as the host returned them
 * @n: their number
 *
 * A definition for a display id of DISPLAY_MAX or more is ignored, and so
 * is one with a zero width or height that does not disable the display.
 * The host returns only the displays that changed, so the others keep
 * their entries.  A disabled display keeps the size known before when its
 * definition has none.
 *
 * Return: true if any entry changed.
 */
bool display_host_merge(struct display_host *hosts,
			const struct vbgl_display_def *defs, unsigned int n);

/**
 * display_host_format - the host's wish in the form of `vbox-hostsim ctl
 * display set` (ID:WxH[@X,Y][,primary][,disabled] ...), for logs and the
 * state file; displays in the UNKNOWN state are left out.
 * @hosts: DISPLAY_MAX entries
 *
 * Return: a newly allocated string ("none" when nothing is known).
 */
char *display_host_format(const struct display_host *hosts);

/* ---- which output shows which host display ------------------------------ */

enum display_map_kind {
	DISPLAY_MAP_AUTO,   /* NUMBER if every output has a distinct number */
	DISPLAY_MAP_ORDER,  /* host display N = the N-th RandR output */
	DISPLAY_MAP_NUMBER, /* by the number that ends the output name */
	DISPLAY_MAP_NAMES,  /* host display N = the N-th name of a list */
};

struct display_map {
	enum display_map_kind kind;
	char **names; /* DISPLAY_MAP_NAMES: NULL-terminated */
};

/**
 * display_map_parse - the --output-map option.
 * @text: "auto", "order", "number" or a comma-separated list of output
 *	names (at most DISPLAY_MAX, none empty or repeated)
 * @map: receives the map (free with display_map_clear())
 * @error: receives the reason for a bad value
 *
 * Return: true, or false with @error set.
 */
bool display_map_parse(const char *text, struct display_map *map,
		       GError **error);

void display_map_clear(struct display_map *map);

/**
 * display_name_number - the decimal number that ends an output name
 * ("DUMMY3" 3, "Virtual-1" 1, "VGA-1-2" 2).
 * @name: the output name
 *
 * Return: the number, or -1 when the name does not end in a digit or the
 * number is above 9999.
 */
int display_name_number(const char *name);

/**
 * display_map_outputs - which output shows each host display.
 * @map: the map
 * @names: the outputs' names, in RandR order
 * @n: their number (at most DISPLAY_MAX)
 * @host_to_output: DISPLAY_MAX entries; receives the output index for each
 *	host display, or -1
 *
 * By number, host display N is the output whose number minus the
 * smallest number of all outputs is N (DUMMY0 is display 0, Virtual1 and
 * Virtual-1 too); outputs without a number are left out.
 *
 * Return: the kind used (AUTO resolved to ORDER or NUMBER).
 */
enum display_map_kind display_map_outputs(const struct display_map *map,
					  const char *const *names,
					  unsigned int n, int *host_to_output);

/* ---- what the X server has ---------------------------------------------- */

struct display_size {
	uint32_t width, height;
};

struct display_output {
	bool has_crtc;		/* at least one CRTC can drive it */
	bool on;		/* it shows a mode now */
	int32_t x, y;		/* on: its position */
	uint32_t width, height; /* on: its mode's size */
	bool primary;		/* it is the primary output now */
	unsigned int n_modes;
	const struct display_size *modes; /* the output's modes */
};

struct display_screen {
	uint32_t min_width, min_height;
	uint32_t max_width, max_height;
	unsigned int n_modes;
	const struct display_size *modes; /* every mode the server knows */
};

/* ---- the result ---------------------------------------------------------- */

enum display_mode_source {
	DISPLAY_MODE_OUTPUT, /* one of the output's modes */
	DISPLAY_MODE_SCREEN, /* a server mode to add to the output */
	DISPLAY_MODE_NEW,    /* a mode to create (new_modes[mode_index]) */
};

/* Why a display differs from the host's wish (bits). */
#define DISPLAY_NOTE_CLAMPED 0x1u  /* size cut to the screen maximum */
#define DISPLAY_NOTE_MOVED   0x2u  /* position made valid */
#define DISPLAY_NOTE_NO_FIT  0x4u  /* off: beyond the screen maximum */
#define DISPLAY_NOTE_NO_CRTC 0x8u  /* off: no CRTC can drive it */
#define DISPLAY_NOTE_KEPT_ON 0x10u /* on although disabled: the last one */

struct display_output_plan {
	bool on;
	int32_t x, y;
	uint32_t width, height;
	enum display_mode_source mode_source;
	unsigned int mode_index;
	int host_display;   /* the host display it shows, or -1 */
	unsigned int notes; /* DISPLAY_NOTE_* */
};

struct display_plan {
	unsigned int n_outputs;
	struct display_output_plan outputs[DISPLAY_MAX];
	int primary; /* output index, or -1 when nothing is on */
	uint32_t screen_width, screen_height;
	unsigned int n_new_modes;
	struct display_size new_modes[DISPLAY_MAX];
	unsigned int n_unplaced; /* enabled host displays without an output */
};

/**
 * display_layout_plan - the output layout for what the host wants.
 * @hosts: DISPLAY_MAX entries
 * @host_to_output: from display_map_outputs()
 * @outputs: the X server's outputs
 * @n_outputs: their number (at most DISPLAY_MAX)
 * @screen: the screen limits and modes
 * @plan: receives the layout
 *
 * See the rules at the top of this file.
 */
void display_layout_plan(const struct display_host *hosts,
			 const int *host_to_output,
			 const struct display_output *outputs,
			 unsigned int n_outputs,
			 const struct display_screen *screen,
			 struct display_plan *plan);

/* ---- new modes ------------------------------------------------------------
 */

struct display_timings {
	uint32_t width, height;
	uint64_t dot_clock_hz;
	uint32_t hsync_start, hsync_end, htotal;
	uint32_t vsync_start, vsync_end, vtotal;
	bool hsync_positive, vsync_positive;
	double refresh_hz;
};

/**
 * display_mode_timings - CVT reduced-blanking timings at 60 Hz for a mode
 * of exactly width x height (libxcvt).  CVT counts the width in cells of
 * 8 pixels; for a width that is not a multiple of 8 the horizontal
 * timings are moved by the pixels CVT dropped, so the blanking stays as
 * CVT computed it.
 * @width: 1..DISPLAY_MAX_DIM
 * @height: 1..DISPLAY_MAX_DIM
 * @t: receives the timings
 *
 * Return: 0, -EINVAL for a size out of range, -ENOMEM.
 */
int display_mode_timings(uint32_t width, uint32_t height,
			 struct display_timings *t);

#endif /* DISPLAY_LAYOUT_H */
