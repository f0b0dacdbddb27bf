file "#{ENV.fetch('WEB_ROOT')}/other.txt" do
  content "other\n"
end
