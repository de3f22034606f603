#!/bin/bash
# deb post-install. Replaces electron-builder's default script, so it does the same work (command on PATH,
# chrome-sandbox mode, desktop/MIME databases, AppArmor profile) and also installs the Ledger udev rule.
# ${executable} and ${sanitizedProductName} are filled in by electron-builder.
APP_DIR='/opt/${sanitizedProductName}'

# The command on PATH.
if type update-alternatives >/dev/null 2>&1; then
  if [ -L '/usr/bin/${executable}' ] && [ "$(readlink '/usr/bin/${executable}')" != '/etc/alternatives/${executable}' ]; then
    rm -f '/usr/bin/${executable}'
  fi
  update-alternatives --install '/usr/bin/${executable}' '${executable}' "$APP_DIR/${executable}" 100 || ln -sf "$APP_DIR/${executable}" '/usr/bin/${executable}'
else
  ln -sf "$APP_DIR/${executable}" '/usr/bin/${executable}'
fi

# Chromium's sandbox helper needs setuid only where unprivileged user namespaces do not work.
if [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; then
  chmod 0755 "$APP_DIR/chrome-sandbox" || true
else
  chmod 4755 "$APP_DIR/chrome-sandbox" || true
fi

command -v update-mime-database >/dev/null 2>&1 && update-mime-database /usr/share/mime || true
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database /usr/share/applications || true

# AppArmor (Ubuntu 24+): install the bundled profile when this AppArmor understands it.
if apparmor_status --enabled >/dev/null 2>&1; then
  PROFILE_SOURCE="$APP_DIR/resources/apparmor-profile"
  PROFILE_TARGET='/etc/apparmor.d/${executable}'
  if apparmor_parser --skip-kernel-load --debug "$PROFILE_SOURCE" >/dev/null 2>&1; then
    cp -f "$PROFILE_SOURCE" "$PROFILE_TARGET"
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && command -v apparmor_parser >/dev/null 2>&1; then
      apparmor_parser --replace --write-cache --skip-read-cache "$PROFILE_TARGET" || true
    fi
  fi
fi

# The Ledger udev rule (USB vendor 0x2c97), so the device opens without root.
if [ -f "$APP_DIR/resources/udev/20-hw1.rules" ]; then
  install -m 0644 "$APP_DIR/resources/udev/20-hw1.rules" /etc/udev/rules.d/20-hw1.rules
  if command -v udevadm >/dev/null 2>&1; then
    udevadm control --reload-rules || true
    udevadm trigger --subsystem-match=usb --attr-match=idVendor=2c97 || true
  fi
fi
exit 0
