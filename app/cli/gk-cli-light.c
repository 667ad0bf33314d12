/* gongkai's table of the heavy part (gk-cli-heavy.h): every command of it runs gongkai-full. */
#include "config.h"

#include "gk-cli-heavy.h"

const GkCliHeavy gk_cli_heavy = {
  .submit = gk_cli_delegate,
  .login = gk_cli_delegate,
  .sync = gk_cli_delegate,
  .scan = gk_cli_delegate,
  .profile_submit = gk_cli_delegate,
  .calendar_update = gk_cli_delegate,
  .item_mask = gk_cli_delegate,
};
