/* The liaison's registration: unit, liaison, phone, leader in charge, responsible office. */
#pragma once

#include "gk-types.h"

G_BEGIN_DECLS

#define GK_TYPE_PROFILE (gk_profile_get_type ())

G_DECLARE_FINAL_TYPE (GkProfile, gk_profile, GK, PROFILE, GObject)

GkProfile  *gk_profile_new             (void);
GkProfile  *gk_profile_copy            (GkProfile  *self);
const char *gk_profile_get_unit        (GkProfile  *self);
char       *gk_profile_dup_unit        (GkProfile  *self,
                                        GError    **error);
void        gk_profile_set_unit        (GkProfile  *self,
                                        const char *unit);
const char *gk_profile_get_liaison     (GkProfile  *self);
void        gk_profile_set_liaison     (GkProfile  *self,
                                        const char *liaison);
const char *gk_profile_get_phone       (GkProfile  *self);
void        gk_profile_set_phone       (GkProfile  *self,
                                        const char *phone);
const char *gk_profile_get_leader      (GkProfile  *self);
void        gk_profile_set_leader      (GkProfile  *self,
                                        const char *leader);
const char *gk_profile_get_office      (GkProfile  *self);
void        gk_profile_set_office      (GkProfile  *self,
                                        const char *office);
gboolean    gk_profile_is_complete     (GkProfile  *self);
gboolean    gk_profile_is_valid_phone  (const char *phone);

G_END_DECLS
