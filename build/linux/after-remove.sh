#!/bin/bash
# deb post-remove. Replaces electron-builder's default script: removes the command link and the AppArmor
# profile as it would, and the Ledger udev rule this package installed (on remove/purge, not on upgrade).
# ${executable} and ${sanitizedProductName} are filled in by electron-builder.
if type update-alternatives >/dev/null 2>&1; then
  update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/${executable}' || true
else
  rm -f '/usr/bin/${executable}'
fi

PROFILE='/etc/apparmor.d/${executable}'
if [ -f "$PROFILE" ]; then
  if apparmor_status --enabled >/dev/null 2>&1 && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && command -v apparmor_parser >/dev/null 2>&1; then
    apparmor_parser --remove "$PROFILE" || true
  fi
  rm -f "$PROFILE"
fi

if [ "$1" = "remove" ] || [ "$1" = "purge" ]; then
  rm -f /etc/udev/rules.d/20-hw1.rules
  command -v udevadm >/dev/null 2>&1 && udevadm control --reload-rules || true
fi
exit 0
