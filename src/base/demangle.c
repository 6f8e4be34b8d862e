/*
 * Demangling through the C++ runtime's own __cxa_demangle, looked up at run
 * time: memfit is C and takes no link-time dependency on libstdc++; where
 * the runtime is missing, names stay as the linker wrote them.
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "demangle.h"
#include "util.h"

typedef char	*(*cxa_demangle_fn)(const char *, char *, size_t *, int *);

static cxa_demangle_fn
demangler(void)
{
	static cxa_demangle_fn	fn;
	static int		tried;
	void			*lib;

	if (tried)
		return fn;
	tried = 1;
	lib = dlopen("libstdc++.so.6", RTLD_LAZY | RTLD_LOCAL);
	if (lib != NULL)
		*(void **)&fn = dlsym(lib, "__cxa_demangle");
	/* The library stays loaded for the life of the process. */
	return fn;
}

char *
demangle(const char *name)
{
	cxa_demangle_fn	 fn;
	char		*out, *copy;
	int		 status = -1;

	if (strncmp(name, "_Z", 2) != 0 || (fn = demangler()) == NULL)
		return xstrdup(name);
	out = fn(name, NULL, NULL, &status);
	if (out == NULL || status != 0) {
		free(out);
		return xstrdup(name);
	}
	/* Copy into memory from our allocator's family, for one free(). */
	copy = xstrdup(out);
	free(out);
	return copy;
}
