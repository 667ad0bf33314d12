/* SQLite for the client's store and the reference portal: one connection's helpers and the ordered migration runner. */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _GkSqlite GkSqlite;

/* How the owner of a connection words its failures, in its own error domain and language. */
typedef struct
{
  /* The file at @path could not be opened; @reason says why. */
  void (*open_failed) (const char *path,
                       const char *reason,
                       GError    **error);
  /* The last call on the connection failed: gk_sqlite_get_db() has SQLite's code and message. */
  void (*failed)      (GkSqlite   *sqlite,
                       GError    **error);
  /* The file's schema @version is newer than every migration this program knows. */
  void (*too_new)     (GkSqlite   *sqlite,
                       int         version,
                       GError    **error);
} GkSqliteErrors;

GkSqlite     *gk_sqlite_open             (const char           *path,
                                          const GkSqliteErrors *errors,
                                          GError              **error);
void          gk_sqlite_close            (GkSqlite             *self);
sqlite3      *gk_sqlite_get_db           (GkSqlite             *self);
const char   *gk_sqlite_get_path         (GkSqlite             *self);
gboolean      gk_sqlite_fail             (GkSqlite             *self,
                                          GError              **error);
gboolean      gk_sqlite_exec             (GkSqlite             *self,
                                          const char           *sql,
                                          GError              **error);
sqlite3_stmt *gk_sqlite_prepare          (GkSqlite             *self,
                                          const char           *sql,
                                          GError              **error);
gboolean      gk_sqlite_step_done        (GkSqlite             *self,
                                          sqlite3_stmt         *stmt,
                                          GError              **error);
char         *gk_sqlite_dup_text         (GkSqlite             *self,
                                          const char           *sql,
                                          const char           *parameter);
gboolean      gk_sqlite_begin            (GkSqlite             *self,
                                          GError              **error);
gboolean      gk_sqlite_commit           (GkSqlite             *self,
                                          GError              **error);
void          gk_sqlite_rollback         (GkSqlite             *self);
void          gk_sqlite_bind_text        (sqlite3_stmt         *stmt,
                                          int                   index,
                                          const char           *text);
int           gk_sqlite_get_user_version (GkSqlite             *self,
                                          GError              **error);
gboolean      gk_sqlite_migrate          (GkSqlite             *self,
                                          const char * const   *migrations,
                                          guint                 n_migrations,
                                          GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GkSqlite, gk_sqlite_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
