#!/bin/sh
echo "failing on: $*"
exit 1
