import SegueAudio
