// Makes the wide-character ncurses API callable from Swift: macros become functions,
// mutable globals become getters.
#ifndef CATWALK_CNCURSES_SHIM_H
#define CATWALK_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/// Whether the current locale's character set is UTF-8.
static inline int cw_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset && (codeset[0] == 'U' || codeset[0] == 'u') && (codeset[1] == 'T' || codeset[1] == 't');
}

static inline int cw_attr_bold(void) { return (int)A_BOLD; }
static inline int cw_attr_dim(void) { return (int)A_DIM; }
static inline int cw_attr_reverse(void) { return (int)A_REVERSE; }
static inline int cw_attr_underline(void) { return (int)A_UNDERLINE; }
/* How many colours the terminal has (the COLORS global, read from C). */
static inline int cw_color_count(void) { return COLORS; }
static inline int cw_color_pair(int pair) { return (int)COLOR_PAIR(pair); }
static inline int cw_key_code_yes(void) { return KEY_CODE_YES; }
static inline mmask_t cw_mouse_wheel_up(void) { return BUTTON4_PRESSED; }
static inline mmask_t cw_mouse_wheel_down(void) {
#ifdef BUTTON5_PRESSED
    return BUTTON5_PRESSED;
#else
    return 0;
#endif
}

/// Writes `count` wide characters at (y, x) with the attributes `attributes` (pair included).
static inline int cw_put(WINDOW *window, int y, int x, const wchar_t *text, int count, int attributes) {
    wattrset(window, attributes);
    return mvwaddnwstr(window, y, x, text, count);
}

/// Moves to (y, x) and clears to the end of the line in `attributes`.
static inline int cw_clear_line(WINDOW *window, int y, int attributes) {
    wattrset(window, attributes);
    wmove(window, y, 0);
    return wclrtoeol(window);
}

#endif
