# spec_helper for the sous verify differential suite.
# Intentionally empty: the suite must behave like plain rspec defaults.
# Reference outputs were produced (outside the repo) from the parent folder with:
#   rspec --format documentation --no-color [spec/<file>]
#   rspec --format RspecJunitFormatter --out junit.xml
