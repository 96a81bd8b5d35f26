using Recorder.Tests.Shared;

namespace Recorder.Host.Tests.Cli;

/// <summary>
/// `recorder rules register|get|remove` as administrators use them: refusals name the line, nothing of a refused
/// file is applied, registered rules are kept root-only and listed back as registered.
/// </summary>
public sealed class RulesCommandTests
{
    [Fact]
    public void Register_get_and_remove_keep_only_accepted_files_and_name_refused_lines()
    {
        var root = Directory.CreateTempSubdirectory("recorder-rules-cli-").FullName;
        try
        {
            var data = Path.Combine(root, "data");
            var watched = Directory.CreateDirectory(Path.Combine(root, "secret files")).FullName;
            var good = Path.Combine(root, "good.rules");
            File.WriteAllText(good, $"""
                # reads of the secrets folder
                -a always,exit -F arch=b64 -S open,openat -F "dir={watched}" -F perm=r -k secret-read
                -A exit,always -F arch=b64 -S connect -F euid=0 -k root-connect
                """);
            var (exit, output, errors) = RecorderCli.Run("rules", "register", good, "--data-dir", data);
            Assert.True(exit == 0, errors + output);

            var (_, listed, _) = RecorderCli.Run("rules", "get", "--data-dir", data);
            Assert.Contains("-k secret-read", listed);
            Assert.Contains("-k root-connect", listed);
            var stored = Directory.GetFiles(data, "*.rules", SearchOption.AllDirectories).Single();
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stored));

            var bad = Path.Combine(root, "bad.rules");
            File.WriteAllText(bad, """
                -a always,exit -F arch=b64 -S execve -k fine
                -w /etc/passwd -p wa -k watch
                -D
                -e 2
                -a always,exit -F arch=b64 -S openat -F dir=/no/such/folder -F perm=r -k missing
                this is not a rule
                """);
            var (badExit, badOutput, badErrors) = RecorderCli.Run("rules", "register", bad, "--data-dir", data);
            var refusal = badOutput + badErrors;
            Assert.NotEqual(0, badExit);
            foreach (var line in new[] { ":2", ":3", ":4", ":5", ":6" }) Assert.Contains(line, refusal);
            Assert.Contains("/no/such/folder", refusal);
            // Nothing of the refused file was applied: the earlier registration stands.
            var (_, still, _) = RecorderCli.Run("rules", "get", "--data-dir", data);
            Assert.Contains("-k secret-read", still);
            Assert.DoesNotContain("-k fine", still);

            var (removeExit, _, removeErrors) = RecorderCli.Run("rules", "remove", "--data-dir", data);
            Assert.True(removeExit == 0, removeErrors);
            var (_, none, _) = RecorderCli.Run("rules", "get", "--data-dir", data);
            Assert.DoesNotContain("secret-read", none);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
