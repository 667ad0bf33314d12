/* Fuzz target: the catalog loader, on bytes as a file or the portal would hand them over. */
#include "config.h"

#include "gk-catalog.h"
#include "gk-column.h"
#include "gk-fuzz.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GkCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *units;

  gk_fuzz_init ();

  bytes = g_bytes_new (data, size);
  catalog = gk_catalog_new_from_bytes (bytes, "fuzz.json", &error);
  g_assert ((catalog == NULL) == (error != NULL));
  if (catalog == NULL)
    return 0;

  /* A catalog that loaded must answer every question the programs ask of it. */
  g_assert (gk_catalog_compare_versions (gk_catalog_get_version (catalog), gk_catalog_get_version (catalog)) == 0);
  units = gk_catalog_get_units (catalog);
  for (guint i = 0; units[i] != NULL; i++)
    {
      g_autoptr(GListModel) columns = gk_catalog_dup_columns_for_unit (catalog, units[i]);

      g_assert (gk_catalog_has_unit (catalog, units[i]));
      for (guint j = 0; j < g_list_model_get_n_items (columns); j++)
        {
          g_autoptr(GkColumn) column = g_list_model_get_item (columns, j);
          g_autofree char *path = gk_column_dup_path (column);

          g_assert (gk_catalog_lookup_column (catalog, gk_column_get_id (column)) == column);
          g_assert (gk_column_has_unit (column, units[i]));
          g_assert (g_utf8_validate (path, -1, NULL));
        }
    }

  return 0;
}
