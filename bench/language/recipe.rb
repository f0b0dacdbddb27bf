# A recipe that declares 1,000 resources (files, directories, templates with notifications)
# and converges them under why-run. Under sous this is the real resource DSL; the Ruby side
# is a Ruby stand-in of the same shape (see bench/language/recipe_stand_in.rb).
1_000.times do |i|
  case i % 3
  when 0
    directory "/nonexistent/sous-bench/dir#{i}" do
      mode '0755'
      recursive true
    end
  when 1
    file "/nonexistent/sous-bench/file#{i}" do
      content "content #{i}\n"
      mode '0644'
      notifies :run, "execute[reload#{i % 10}]", :delayed
    end
  else
    link "/nonexistent/sous-bench/link#{i}" do
      to "/nonexistent/sous-bench/file#{i - 1}"
    end
  end
end
10.times do |i|
  execute "reload#{i}" do
    command "true"
    action :nothing
  end
end
