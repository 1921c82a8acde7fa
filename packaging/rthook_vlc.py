# PyInstaller runtime hook: runs before the kiosk's code in the bundle, so python-vlc (imported
# later) loads the bundled libVLC and finds the bundled plugins. Without the plugins,
# vlc.Instance() returns None and says nothing.
from kiosk.core.bundle import point_vlc_at_bundle

point_vlc_at_bundle()
