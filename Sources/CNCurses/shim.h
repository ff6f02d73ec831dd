// SwiftPM drops the cflags of ncursesw.pc: the wide-character API needs these first.
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncurses.h>
#include <langinfo.h>

// Attribute and colour macros do not import into Swift.
static inline unsigned int cnc_a_bold(void) { return A_BOLD; }
static inline unsigned int cnc_a_reverse(void) { return A_REVERSE; }
static inline unsigned int cnc_a_dim(void) { return A_DIM; }
static inline unsigned int cnc_a_normal(void) { return A_NORMAL; }
static inline unsigned int cnc_a_underline(void) { return A_UNDERLINE; }
static inline unsigned int cnc_color_pair(int n) { return COLOR_PAIR(n); }
static inline int cnc_key_resize(void) { return KEY_RESIZE; }
static inline int cnc_colors(void) { return COLORS; }
static inline int cnc_err(void) { return ERR; }
static inline int cnc_key_code_yes(void) { return KEY_CODE_YES; }

// Swift 6 rejects the global `stdscr`; this returns it once initscr/newterm ran.
static inline WINDOW *stdscr_window(void) { return stdscr; }
