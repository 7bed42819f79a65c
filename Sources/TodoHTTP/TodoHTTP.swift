// TodoHTTP: filled in by later issues (see DESIGN §5).
enum TodoHTTPModule {}
