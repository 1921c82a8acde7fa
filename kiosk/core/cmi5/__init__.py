"""cmi5: the kiosk as a cmi5 LMS with its own small xAPI LRS, so vendor AUs play offline. Pure
Python, no Qt; the web view (``kiosk.ui.web``) serves the LRS on the package's origin.

- ``course``: read ``cmi5.xml`` (blocks, AUs, moveOn, masteryScore, launch parameters).
- ``xapi`` / ``requests`` / ``documents`` / ``lrs``: the LRS (Statements, State, Agent Profile,
  Activity Profile, About) as a request handler over the learner database.
- ``rules``: cmi5 defined-statement rules for a launch session, moveOn and satisfaction.
- ``launch``: the launch URL, fetch-once token, LMS.LaunchData, learner preferences, registration.
"""
