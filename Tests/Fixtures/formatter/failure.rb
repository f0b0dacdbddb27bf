# A run that fails in the middle: the failing command's report, and nothing after it.
file '{DIR}/before.txt' do
  content "written before the failure\n"
end

execute 'the failing step' do
  command 'echo "checking the disk"; echo "disk is full" >&2; exit 3'
end

file '{DIR}/after.txt' do
  content "never written\n"
end
