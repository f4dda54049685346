/*
 * paths.h - where ldnews keeps its files, per the XDG base directory
 * specification.
 */
#ifndef LDN_PATHS_H
#define LDN_PATHS_H

#include "status.h"

/*
 * The default cache file: $XDG_DATA_HOME/ldnews/cache.db when
 * XDG_DATA_HOME is set to an absolute path, else
 * $HOME/.local/share/ldnews/cache.db. LDN_OK with *out (caller frees),
 * LDN_EIO when neither variable gives a place, LDN_ENOMEM.
 */
int paths_cache(char **out, char **cause) LDN_WUR;

/*
 * The default config file: $XDG_CONFIG_HOME/ldnews/config when
 * XDG_CONFIG_HOME is set to an absolute path, else
 * $HOME/.config/ldnews/config. Returns as paths_cache() does.
 */
int paths_config(char **out, char **cause) LDN_WUR;

/*
 * mkdir -p of the directory part of path (a file's path: its last part
 * is not made), new directories 0700. LDN_OK, LDN_EIO with one line naming
 * the directory, LDN_ENOMEM.
 */
int paths_mkdirs(const char *path, char **cause) LDN_WUR;

#endif
