-- wrk script: every request a query string of its own (the same search,
-- a tag that changes), so none is answered from podium serve's search
-- cache: what a search page costs when readers do not ask alike.
-- The path comes from the command line's URL; the tag is appended.
local n = 0
local tag = tostring({}):gsub("[^%w]", "")   -- differs between wrk's threads
request = function()
	n = n + 1
	return wrk.format(nil, wrk.path .. "&nocache=" .. tag .. "-" .. n)
end
