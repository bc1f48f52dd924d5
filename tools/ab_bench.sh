#!/bin/bash
# alternate old/new `pix2pix bench` runs: per-run median step (wall) and process CPU seconds (user+sys)
# OLD and NEW: two builds of pix2pix.dll, e.g. PIX2PIX_ARTIFACTS=/tmp/art-old dotnet build src/Pix2Pix.Cli -c Release in a worktree of the old commit
OLD=${OLD:?set OLD to the old pix2pix.dll}
NEW=${NEW:?set NEW to the new pix2pix.dll}
ROUNDS=${ROUNDS:-3}
MODES=${MODES:-"train inference cycle"}
for r in $(seq 1 $ROUNDS); do
  for mode in $MODES; do
    case $mode in
      train) args="--netG unet_256 --crop_size 256 --iters 8";;
      inference) args="--netG unet_256 --crop_size 256 --iters 8 --phase inference";;
      cycle) args="--model cycle_gan --crop_size 128 --iters 4";;
    esac
    order="old new"; [ $((r % 2)) -eq 0 ] && order="new old"
    for which in $order; do
      dll=$OLD; [ $which = new ] && dll=$NEW
      out=$( { /usr/bin/time -f "CPU %U %S" dotnet $dll bench $args; } 2>&1 )
      med=$(echo "$out" | grep -oE "median [0-9.]+" | head -1)
      cpu=$(echo "$out" | grep -E "^CPU" | awk '{print $2+$3}')
      echo "$r $mode $which: $med cpu_s $cpu"
    done
  done
done
