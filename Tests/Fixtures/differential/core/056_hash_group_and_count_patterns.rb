machines = [{ role: :web, mb: 512 }, { role: :db, mb: 2048 }, { role: :web, mb: 1024 }]
by_role = machines.group_by { |m| m[:role] }
p by_role.transform_values(&:size), by_role.transform_values { |ms| ms.sum { |m| m[:mb] } }
p machines.sum { |m| m[:mb] }, machines.map { |m| m[:role] }.tally, machines.max_by { |m| m[:mb] }[:role]
p machines.each_with_object(Hash.new(0)) { |m, acc| acc[m[:role]] += m[:mb] }
