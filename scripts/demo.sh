#!/bin/sh
# make demo: the main job on a shipped board.
set -eu
memfit=$1
board=${DEMO_BOARD:-crazyflie-2}
echo "\$ memfit validate -v $board"
"$memfit" validate -v "$board"
