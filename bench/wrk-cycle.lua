-- wrk script of `npm run bench -- search`: each connection cycles through the bench's precomputed
-- requests, read from the file named after `--`: three lines per request (method, path, JSON body or an
-- empty line). Each thread starts at a random request so that connections do not move in step.
local requests = {}
local i = 0

function init(args)
  local lines = {}
  for line in io.lines(args[1]) do lines[#lines + 1] = line end
  for k = 1, #lines - 2, 3 do
    local body = lines[k + 2]
    local headers = {}
    if body == '' then body = nil else headers['Content-Type'] = 'application/json' end
    requests[#requests + 1] = wrk.format(lines[k], lines[k + 1], headers, body)
  end
  i = math.random(#requests) - 1
end

function request()
  i = i % #requests + 1
  return requests[i]
end
