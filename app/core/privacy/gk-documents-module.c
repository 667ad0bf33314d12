/* The entry of gk-documents.so: keeps the table through which the readers reach the program. */
#include "config.h"

#include "gk-documents-module.h"

const GkDocumentsHost *gk_documents_host;

void
gk_documents_init (const GkDocumentsHost *host)
{
  gk_documents_host = host;
}
