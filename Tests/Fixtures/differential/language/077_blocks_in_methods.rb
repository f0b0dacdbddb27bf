def with_retries(times: 3)
  attempt = 0
  begin
    attempt += 1
    yield attempt
  rescue => e
    retry if attempt < times
    "gave up: #{e.message}"
  end
end
p with_retries { |n| n < 3 ? raise("try #{n}") : "ok on #{n}" }
p with_retries(times: 2) { |n| raise "always #{n}" }
def collect = [1, 2, 3].map { |x| yield x }
p collect { |x| x * x }
