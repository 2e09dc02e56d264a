#!/bin/sh
# The silo's entry point in a container (compose and Kubernetes): unless QO_Cluster__AdvertisedAddress is set (the
# Kubernetes manifest sets it to the pod's IP), advertise this container's own address to the other silos, then run
# the silo with the container's arguments. `exec`: the silo is PID 1 and gets SIGTERM itself, so a stop deactivates
# its grains and writes their state before it exits.
set -eu
if [ -z "${QO_Cluster__AdvertisedAddress:-}" ]; then
  address="$(hostname -i)"
  QO_Cluster__AdvertisedAddress="${address%% *}"
  export QO_Cluster__AdvertisedAddress
fi
exec dotnet /opt/quant-orleans/silo/Quant.Orleans.Silo.dll "$@"
