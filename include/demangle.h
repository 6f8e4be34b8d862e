/*
 * C++ symbol names for people: "_ZN3app4initEv" -> "app::init()".
 */
#ifndef MEMFIT_DEMANGLE_H
#define MEMFIT_DEMANGLE_H

/* An allocated demangled copy of NAME, or a plain copy when it is not a
 * mangled C++ name (or no demangler is available). */
char	*demangle(const char *name);

#endif
