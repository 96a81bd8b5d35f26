namespace Recorder.Plugins.Collectors.LinuxAudit.Tests;
