"""Small reference lists the generators draw from: real US metro areas and user agents."""

# Census metropolitan statistical areas, written as Sparkify's logs write them.
US_METROS = (
    "New York-Newark-Jersey City, NY-NJ-PA",
    "Los Angeles-Long Beach-Anaheim, CA",
    "Chicago-Naperville-Elgin, IL-IN-WI",
    "Dallas-Fort Worth-Arlington, TX",
    "Houston-The Woodlands-Sugar Land, TX",
    "Washington-Arlington-Alexandria, DC-VA-MD-WV",
    "Miami-Fort Lauderdale-West Palm Beach, FL",
    "Philadelphia-Camden-Wilmington, PA-NJ-DE-MD",
    "Atlanta-Sandy Springs-Roswell, GA",
    "Boston-Cambridge-Newton, MA-NH",
    "Phoenix-Mesa-Scottsdale, AZ",
    "San Francisco-Oakland-Hayward, CA",
    "Riverside-San Bernardino-Ontario, CA",
    "Detroit-Warren-Dearborn, MI",
    "Seattle-Tacoma-Bellevue, WA",
    "Minneapolis-St. Paul-Bloomington, MN-WI",
    "San Diego-Carlsbad, CA",
    "Tampa-St. Petersburg-Clearwater, FL",
    "Denver-Aurora-Lakewood, CO",
    "St. Louis, MO-IL",
    "Baltimore-Columbia-Towson, MD",
    "Charlotte-Concord-Gastonia, NC-SC",
    "Orlando-Kissimmee-Sanford, FL",
    "San Antonio-New Braunfels, TX",
    "Portland-Vancouver-Hillsboro, OR-WA",
    "Sacramento--Roseville--Arden-Arcade, CA",
    "Pittsburgh, PA",
    "Las Vegas-Henderson-Paradise, NV",
    "Austin-Round Rock, TX",
    "Cincinnati, OH-KY-IN",
    "Kansas City, MO-KS",
    "Columbus, OH",
    "Indianapolis-Carmel-Anderson, IN",
    "Cleveland-Elyria, OH",
    "San Jose-Sunnyvale-Santa Clara, CA",
    "Nashville-Davidson--Murfreesboro--Franklin, TN",
    "Virginia Beach-Norfolk-Newport News, VA-NC",
    "Providence-Warwick, RI-MA",
    "Milwaukee-Waukesha-West Allis, WI",
    "Jacksonville, FL",
    "Memphis, TN-MS-AR",
    "Oklahoma City, OK",
    "Louisville/Jefferson County, KY-IN",
    "Salt Lake City, UT",
    "Birmingham-Hoover, AL",
    "Lansing-East Lansing, MI",
    "Red Bluff, CA",
    "Winston-Salem, NC",
    "Tucson, AZ",
    "Santa Maria-Santa Barbara, CA",
)

USER_AGENTS = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/36.0.1985.143 Safari/537.36",
    "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:31.0) Gecko/20100101 Firefox/31.0",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/36.0.1985.143 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_4) AppleWebKit/537.78.2 (KHTML, like Gecko) "
    "Version/7.0.6 Safari/537.78.2",
    "Mozilla/5.0 (Windows NT 6.3; WOW64; Trident/7.0; rv:11.0) like Gecko",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 "
    "(KHTML, like Gecko) Version/7.0 Mobile/11D257 Safari/9537.53",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Ubuntu Chromium/36.0.1985.125 Chrome/36.0.1985.125 Safari/537.36",
    "Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.1; WOW64; Trident/6.0)",
    "Mozilla/5.0 (Windows NT 6.1; WOW64; rv:30.0) Gecko/20100101 Firefox/30.0",
    "Mozilla/5.0 (iPad; CPU OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML, like Gecko) "
    "Version/7.0 Mobile/11D257 Safari/9537.53",
)
