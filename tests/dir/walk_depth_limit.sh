# walk() descends at most 64 directories: a tree 64 deep walks, one 65
# deep is an error naming where it stopped (paths relative to the Dir).
. "$(dirname "$0")/_lib.sh"
p=root/t
for i in $(seq 1 64); do p=$p/d; done
mkdir -p "$p"
for mode in "${MODES[@]}"; do
  run $mode --allow-read=root 'let w = sys.dir("root").walk("t")
print(w.len(), w[-1].len())'
  expect_out "64 127"
done
mkdir "$p/d"
deep=d; for i in $(seq 2 65); do deep=$deep/d; done
for mode in "${MODES[@]}"; do
  run $mode --allow-read=root 'sys.dir("root").walk("t")'
  expect_error "Dir.walk: '$deep' is more than 64 directories deep (the limit)"
done
