dofile("report.lua")
-- GET the path template with {user} and {n} filled from USERS (one id a line, file named
-- by the USERS_FILE variable), cycling; after each full pass n moves on (new cache keys)
-- when N_STEP is 1, or stays (the same keys again: cache hits) when it is 0.
local users, index, n = {}, 0, tonumber(os.getenv("N_START") or "10")
local step = tonumber(os.getenv("N_STEP") or "0")
local template = os.getenv("PATH_TEMPLATE")
for line in io.lines(os.getenv("USERS_FILE")) do users[#users + 1] = line end

init = function(args)
   -- Threads start at different places, so they do not ask for the same key at once.
   index = math.random(#users) - 1
end

request = function()
   index = index + 1
   if index > #users then
      index, n = 1, n + step
   end
   local path = template:gsub("{user}", users[index]):gsub("{n}", tostring(n))
   return wrk.format("GET", path)
end
