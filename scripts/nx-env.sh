# Sourced by the scripts: Nx and Angular stay offline and quiet.
export NX_NO_CLOUD=true
export NX_DAEMON="${NX_DAEMON:-false}"
export NX_ISOLATE_PLUGINS=false
export NX_TUI=false
export NG_CLI_ANALYTICS=false
export NX_SKIP_NX_CACHE="${NX_SKIP_NX_CACHE:-false}"
