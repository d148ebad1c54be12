-- How many lines of the CSV just read the reader rejected (one line may be reported per column).
SELECT count(DISTINCT line) AS lines FROM reject_errors;
